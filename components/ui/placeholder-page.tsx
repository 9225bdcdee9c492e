import { getTranslations } from "next-intl/server";
import { card } from "./styles";

/** A friendly page for a section whose feature has not landed yet. */
export async function PlaceholderPage({ titleKey }: { titleKey: "history" | "activity" | "import" }) {
  const tn = await getTranslations("nav");
  const t = await getTranslations("common");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{tn(titleKey)}</h1>
      <p className={`${card} text-muted`}>{t("comingSoon")}</p>
    </div>
  );
}
