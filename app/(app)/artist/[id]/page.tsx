import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { HeardTracks, MonthsPanel } from "@/components/stats/detail-parts";
import { HideFromStats } from "@/components/stats/hide-from-stats";
import { Cover } from "@/components/stats/ui";
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
          <div className="mt-2">
            <HideFromStats
              target={{ kind: "artist", id: d.artist.id }}
              hiddenBy={d.artist.hidden ? "self" : null}
            />
          </div>
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
        <HeardTracks title={t("topTracks")} tracks={d.top_tracks} />
        <MonthsPanel months={d.months} best={s.best_month} />
      </div>
    </div>
  );
}
