import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { ShareButton } from "@/components/pwa/share-button";
import { HideFromStats } from "@/components/stats/hide-from-stats";
import { Cover, Panel } from "@/components/stats/ui";
import { LyricsPanel } from "@/components/track/lyrics-panel";
import { MonthBars } from "@/components/track/month-bars";
import { StatGrid } from "@/components/track/stat-grid";
import { getFormat } from "@/lib/format-server";
import { detailPage } from "@/lib/stats/page-params";
import { getTrackDetail } from "@/lib/stats/track";

type Props = { params: Promise<{ id: string }> };

// Metadata and page share one load per request.
const load = cache((id: string) => detailPage(Promise.resolve({ id }), getTrackDetail));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const d = await load((await params).id);
  return { title: `${d.track.title} · ${d.track.artist}` };
}

export default async function TrackPage({ params }: Props) {
  const d = await load((await params).id);
  const t = await getTranslations("stats.detail");
  const tf = await getTranslations("stats.filters");
  const format = await getFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  const month = (m: string) => format.day(m, { month: "long", year: "numeric" });
  const s = d.stats;
  return (
    <div className="space-y-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <Cover src={d.track.cover} name={d.track.title} size={140} />
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">{t("track")}</p>
          <h1 className="text-3xl font-bold break-words" translate="no">
            {d.track.title}
          </h1>
          <p className="text-lg" translate="no">
            {d.track.artists.map((a, i) => (
              <span key={a.id}>
                {i > 0 && ", "}
                <Link href={`/artist/${a.id}`} className="inline-flex min-h-11 items-center hover:underline">
                  {a.name}
                </Link>
              </span>
            ))}
          </p>
          {d.track.album && (
            <p className="text-sm text-muted" translate="no">
              <Link
                href={`/album/${d.track.album.id}`}
                className="inline-flex min-h-11 items-center hover:underline"
              >
                {d.track.album.title}
              </Link>
            </p>
          )}
          <div className="mt-2 flex flex-wrap gap-3 text-sm">
            {d.track.links
              .filter((l) => l.url?.startsWith("https://"))
              .map((l) => (
                <a
                  key={l.provider}
                  href={l.url ?? ""}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="inline-flex min-h-11 items-center text-accent-ink hover:underline"
                >
                  {t(`open.${l.provider === "yandex" ? "yandex" : "spotify"}`)} ↗
                </a>
              ))}
            {s.liked.length > 0 && <span title={s.liked.join(", ")}>♥ {t("liked")}</span>}
            <ShareButton
              title={`${d.track.title} — ${d.track.artist}`}
              url={d.track.links.find((l) => l.url?.startsWith("https://"))?.url ?? `/track/${d.track.id}`}
            />
          </div>
          <HideFromStats
            target={{ kind: "track", id: d.track.id }}
            hiddenBy={d.track.hidden === "track" ? "self" : d.track.hidden}
          />
        </div>
      </header>
      <StatGrid
        items={[
          { label: t("plays"), value: format.number(s.plays) },
          { label: t("minutes"), value: format.number(s.minutes) },
          { label: t("rank"), value: s.rank ? `#${s.rank}` : "—" },
          { label: t("firstListen"), value: date(s.first_listen) },
          { label: t("lastListen"), value: date(s.last_listen) },
          {
            label: t("bestMonth"),
            value: s.best_month ? `${month(s.best_month.month)} (${format.number(s.best_month.plays)})` : "—",
          },
        ]}
      />
      {s.by_source.length > 0 && (
        <p className="text-sm text-muted">
          {t("heardOn")}:{" "}
          {s.by_source
            .map((b) => `${tf.has(`sources.${b.source}`) ? tf(`sources.${b.source}`) : b.source} ${b.plays}`)
            .join(" · ")}
          {s.skips > 0 && ` · ${t("skips", { count: s.skips })}`}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <div id="lyrics" className="scroll-mt-20">
          <LyricsPanel trackId={d.track.id} />
        </div>
        <Panel title={t("byMonth")}>
          {d.months.length ? (
            <MonthBars months={d.months} name={t("plays")} />
          ) : (
            <p className="text-muted">{t("noPlays")}</p>
          )}
        </Panel>
      </div>
    </div>
  );
}
