import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { MonthBars } from "@/components/track/month-bars";
import { getFormat } from "@/lib/format-server";
import { SourceBadges } from "./source-badges";
import { Cover, Panel } from "./ui";

type HeardTrack = {
  id: number;
  title: string;
  cover: string;
  plays: number;
  sources?: string[];
  subtitle?: string;
};

/** The artist, album and genre pages' ranked list of the user's tracks, each linking to its page. */
export async function HeardTracks({ title, tracks }: { title: string; tracks: HeardTrack[] }) {
  const t = await getTranslations("stats.detail");
  const format = await getFormat();
  return (
    <Panel title={title}>
      <ol className="space-y-1">
        {tracks.map((tr, i) => (
          <li key={tr.id}>
            <Link
              href={`/track/${tr.id}`}
              className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
            >
              <span className="w-5 text-right text-sm text-muted">{i + 1}</span>
              <Cover src={tr.cover} name={tr.title} size={36} />
              <span className="min-w-0 flex-1" translate="no">
                <span className="block truncate font-medium">{tr.title}</span>
                <span className="flex min-w-0 items-center gap-1.5 text-xs text-muted">
                  <SourceBadges sources={tr.sources} />
                  {tr.subtitle && <span className="truncate">{tr.subtitle}</span>}
                </span>
              </span>
              {/* The bare count on a phone: "12 прослушиваний" squeezed the titles to a few letters. */}
              <span className="shrink-0 text-xs text-muted">
                <span className="sm:hidden">{format.number(tr.plays)}</span>
                <span className="max-sm:hidden">{t("playsCount", { count: tr.plays })}</span>
              </span>
            </Link>
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** Plays by month with the best month under the chart (artist, album and genre pages). */
export async function MonthsPanel({
  months,
  best,
}: {
  months: { month: string; plays: number }[];
  best: { month: string; plays: number } | null;
}) {
  const t = await getTranslations("stats.detail");
  const format = await getFormat();
  return (
    <Panel title={t("byMonth")}>
      {months.length ? (
        <MonthBars months={months} name={t("plays")} />
      ) : (
        <p className="text-muted">{t("noPlays")}</p>
      )}
      {best && (
        <p className="mt-2 text-sm text-muted">
          {t("bestMonthIs", {
            month: format.day(best.month, { month: "long", year: "numeric" }),
            count: best.plays,
          })}
        </p>
      )}
    </Panel>
  );
}
