import { getTranslations } from "next-intl/server";
import { buttonSecondary, card } from "@/components/ui/styles";

const FORMATS = [
  ["json", "exportJson"],
  ["csv", "exportCsv"],
  ["listenbrainz", "exportListenBrainz"],
] as const;

/** Plain links: the browser streams the download straight from /api/export. */
export async function ExportButtons() {
  const t = await getTranslations("imports");
  return (
    <section className={`${card} space-y-3`}>
      <h2 className="text-lg font-semibold">{t("export")}</h2>
      <p className="text-sm text-muted">{t("exportHint")}</p>
      <div className="flex flex-wrap gap-2">
        {FORMATS.map(([format, key]) => (
          <a key={format} className={buttonSecondary} href={`/api/export?format=${format}`} download>
            {t(key)}
          </a>
        ))}
      </div>
    </section>
  );
}
