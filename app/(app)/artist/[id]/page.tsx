import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { SourceBadges } from "@/components/stats/source-badges";
import { Cover, Panel } from "@/components/stats/ui";
import { MonthBars } from "@/components/track/month-bars";
import { StatGrid } from "@/components/track/stat-grid";
import { getFormat } from "@/lib/format-server";
import { getArtistDetail } from "@/lib/stats/artist";
import { detailPage } from "@/lib/stats/page-params";

type Props = { params: Promise<{ id: string }> };

// Metadata and page share one load per request.
const load = cache((id: string) => detailPage(Promise.resolve({ id }), getArtistDetail));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const d = await load((await params).id);
  return { title: d.artist.name };
}

export default async function ArtistPage({ params }: Props) {
  const d = await load((await params).id);
  const t = await getTranslations("stats.detail");
  const format = await getFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  const month = (m: string) => format.day(m, { month: "long", year: "numeric" });
  const s = d.stats;
  return (
    <div className="space-y-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <Cover src={d.artist.image} name={d.artist.name} size={140} />
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">{t("artist")}</p>
          <h1 className="text-3xl font-bold break-words" translate="no">
            {d.artist.name}
          </h1>
          {d.artist.genres.length > 0 && (
            <p className="text-sm text-muted" translate="no">
              {d.artist.genres.join(" · ")}
            </p>
          )}
        </div>
      </header>
      <StatGrid
        items={[
          { label: t("plays"), value: format.number(s.plays) },
          { label: t("minutes"), value: format.number(s.minutes) },
          { label: t("tracks"), value: format.number(s.tracks) },
          { label: t("rank"), value: s.rank ? `#${s.rank}` : "—" },
          { label: t("firstListen"), value: date(s.first_listen) },
          { label: t("lastListen"), value: date(s.last_listen) },
        ]}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title={t("topTracks")}>
          <ol className="space-y-1">
            {d.top_tracks.map((tr, i) => (
              <li key={tr.id}>
                <Link
                  href={`/track/${tr.id}`}
                  className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
                >
                  <span className="w-5 text-right text-sm text-muted">{i + 1}</span>
                  <Cover src={tr.cover} name={tr.title} size={36} />
                  <span className="min-w-0 flex-1" translate="no">
                    <span className="block truncate font-medium">{tr.title}</span>
                    <SourceBadges sources={tr.sources} />
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
        <Panel title={t("byMonth")}>
          {d.months.length ? (
            <MonthBars months={d.months} name={t("plays")} />
          ) : (
            <p className="text-muted">{t("noPlays")}</p>
          )}
          {s.best_month && (
            <p className="mt-2 text-sm text-muted">
              {t("bestMonthIs", { month: month(s.best_month.month), count: s.best_month.plays })}
            </p>
          )}
        </Panel>
      </div>
    </div>
  );
}
