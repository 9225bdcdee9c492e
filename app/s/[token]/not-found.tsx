import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonPrimary } from "@/components/ui/styles";

/** Unknown and revoked links look the same (and are both 404), so a token cannot be probed. */
export default async function ShareNotFound() {
  const t = await getTranslations("share");
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-bold">{t("notFoundTitle")}</h1>
      <p className="text-muted">{t("notFoundText")}</p>
      <Link href="/" className={buttonPrimary}>
        {t("about")}
      </Link>
    </main>
  );
}
