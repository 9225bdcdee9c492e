import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { StatGrid } from "@/components/track/stat-grid";
import { getFormat } from "@/lib/format-server";
import type { GroupDetail } from "@/lib/stats/group";
import { HeardTracks, MonthsPanel } from "./detail-parts";
import { Cover } from "./ui";

/** The album and genre pages (server-rendered): the header, the user's numbers, the tracks heard, by month. */
export async function GroupPage({ d }: { d: GroupDetail }) {
  const t = await getTranslations("stats.detail");
  const format = await getFormat();
  const date = (iso: string | null) => (iso ? format.date(iso) : "—");
  const s = d.stats;
  const g = d.group;
  return (
    <div className="space-y-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end">
        {g.kind === "album" && <Cover src={g.cover} name={g.title} size={140} />}
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">{t(g.kind)}</p>
          <h1 className="text-3xl font-bold break-words" translate="no">
            {g.title}
          </h1>
          {(g.artists.length > 0 || g.year) && (
            <p className="text-lg" translate="no">
              {g.artists.map((a, i) => (
                <span key={a.id}>
                  {i > 0 && ", "}
                  <Link
                    href={`/artist/${a.id}`}
                    className="inline-flex min-h-11 min-w-11 items-center hover:underline"
                  >
                    {a.name}
                  </Link>
                </span>
              ))}
              {g.year && (
                <span className="text-sm text-muted">
                  {g.artists.length > 0 && " · "}
                  {g.year}
                </span>
              )}
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
        {/* A genre spans artists, so its tracks say whose they are; an album's mostly share one. */}
        <HeardTracks
          title={t("heardTracks")}
          tracks={d.tracks.map((tr) => ({ ...tr, subtitle: g.kind === "genre" ? tr.artist : undefined }))}
        />
        <MonthsPanel months={d.months} best={s.best_month} />
      </div>
    </div>
  );
}
