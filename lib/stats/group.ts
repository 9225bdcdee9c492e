import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { NotFound } from "@/lib/errors";
import { bucket } from "./bucket";
import { withStatsCache } from "./cache";
import type { StatsParams } from "./params";
import { allTimeAllSources, COUNTED, countedListens, minutes, rollupInZone, rows } from "./sources";
import { sourcesOfTwins } from "./twins";

/** An album (by id) or a genre (by its trimmed, lowercased name), the keys track_stat_groups uses. */
export type Group = { kind: "album"; id: number } | { kind: "genre"; name: string };

const groupKey = (g: Group) => (g.kind === "album" ? String(g.id) : g.name.trim().toLowerCase());

/**
 * Album and genre page data: the user's numbers for every track in the group as track_stat_groups defines it
 * (the one definition the top lists count by, so a page's plays equal its top-list row), the plays per
 * month, the heard tracks ranked, and the group's place among the user's albums or genres.
 */
export async function getGroupDetail(db: Db, p: StatsParams, group: Group) {
  const key = groupKey(group);
  const inGroup = sql`(select track_id from track_stat_groups where kind = ${group.kind} and key = ${key})`;
  const [head] = await rows<{
    title: string | null;
    cover: string | null;
    year: number | null;
    heard: boolean;
  }>(
    db,
    sql`select al.title, al.cover_url as cover, al.release_year as year,
        exists (select 1 from listens l where l.user_id = ${p.userId} and l.track_id in ${inGroup}) as heard
      from (select 1) one
      left join albums al on ${group.kind === "album" ? sql`al.id = ${group.id}` : sql`false`}`,
  );
  // An album the user never heard answers exactly like one that does not exist.
  if (!head?.heard) throw new NotFound(group.kind === "album" ? "Album not found" : "Genre not found");

  const mine = sql`${countedListens(p)} and l.track_id in ${inGroup}`;
  const [stats, months, tracks, rank, artists] = await Promise.all([
    rows<{ plays: number; ms: number; first: Date | null; last: Date | null; tracks: number }>(
      db,
      allTimeAllSources(p) ? totalsFromRollups(p, group.kind, key, inGroup) : totalsFromListens(mine),
    ),
    rows<{ month: string; plays: number }>(db, perMonth(p, mine, inGroup)),
    rows<{ id: number; title: string; artist_line: string; cover: string | null; plays: number; ms: number }>(
      db,
      sql`select t.id, t.title, t.artist_line, coalesce(t.cover_url, al.cover_url) as cover,
          sum(tt.plays)::int as plays, sum(tt.ms_played)::float8 as ms
        from listen_track_totals tt join tracks t on t.id = tt.track_id left join albums al on al.id = t.album_id
        where tt.user_id = ${p.userId} and tt.track_id in ${inGroup}
        group by t.id, al.cover_url having sum(tt.plays) > 0 order by plays desc, t.title limit 50`,
    ),
    rows<{ rank: number | null }>(
      db,
      sql`select case when mine.plays > 0 then (select count(*)::int + 1 from listen_group_totals o
            where o.user_id = ${p.userId} and o.kind = ${group.kind} and o.plays > mine.plays) end as rank
        from listen_group_totals mine
        where mine.user_id = ${p.userId} and mine.kind = ${group.kind} and mine.key = ${key}`,
    ),
    // The album's artists (its tracks' credits, most credited first), linked on the album page.
    group.kind === "album"
      ? rows<{ id: number; name: string }>(
          db,
          sql`select a.id, a.name from tracks t join track_artists x on x.track_id = t.id
            join artists a on a.id = x.artist_id where t.album_id = ${group.id}
            group by a.id order by count(*) desc, min(x.position), a.name limit 5`,
        )
      : Promise.resolve([]),
  ]);
  const s = stats[0];
  const best = months.reduce<{ month: string; plays: number } | null>(
    (b, m) => (!b || m.plays > b.plays ? m : b),
    null,
  );
  return {
    group: {
      kind: group.kind,
      key,
      title: head.title ?? key,
      cover: head.cover ?? "",
      year: head.year,
      artists,
    },
    stats: {
      plays: s?.plays ?? 0,
      minutes: minutes(s?.ms),
      tracks: s?.tracks ?? 0,
      first_listen: s?.first ? new Date(s.first).toISOString() : null,
      last_listen: s?.last ? new Date(s.last).toISOString() : null,
      best_month: best,
      rank: rank[0]?.rank ?? null,
    },
    months,
    tracks: await sourcesOfTwins(
      db,
      p.userId,
      tracks.map((t) => ({
        id: t.id,
        title: t.title,
        artist: t.artist_line,
        cover: t.cover ?? "",
        plays: t.plays,
        minutes: minutes(t.ms),
      })),
    ),
  };
}

export type GroupDetail = Awaited<ReturnType<typeof getGroupDetail>>;

/** The pages' entry: getGroupDetail through the stats cache (a big genre takes ~200 ms at 1M listens). */
export const cachedGroupDetail = (db: Db, p: StatsParams, group: Group) =>
  withStatsCache(db, p.userId, `group|${p.tz}|${JSON.stringify(group)}`, () => getGroupDetail(db, p, group));

const totalsFromListens = (mine: SQL) => sql`select count(*)::int as plays,
    coalesce(sum(l.ms_played), 0)::float8 as ms, min(l.started_at) as first, max(l.started_at) as last,
    count(distinct l.track_id)::int as tracks
  from listens l where ${mine}`;

/*
 * All time over all sources (what the pages show) without reading the group's listens, which for a big
 * genre are a third of a history: plays, time and tracks from the group's all-time total, first and last
 * listen from two index probes per heard track (listens_user_track_started_idx).
 */
function totalsFromRollups(p: StatsParams, kind: string, key: string, inGroup: SQL): SQL {
  const edge = (fn: "min" | "max", trackId: SQL) => sql`(select ${sql.raw(fn)}(l.started_at) from listens l
    where l.user_id = ${p.userId} and l.track_id = ${trackId} and ${COUNTED})`;
  return sql`select g.plays, g.ms_played::float8 as ms, g.tracks, e.first, e.last
    from listen_group_totals g, (select min(${edge("min", sql`h.track_id`)}) as first,
        max(${edge("max", sql`h.track_id`)}) as last
      from listen_track_totals h where h.user_id = ${p.userId} and h.track_id in ${inGroup}) e
    where g.user_id = ${p.userId} and g.kind = ${kind} and g.key = ${key}`;
}

/** Plays per local month: from the monthly rollup when it is kept in this zone, else from the listens. */
function perMonth(p: StatsParams, mine: SQL, inGroup: SQL): SQL {
  const fromListens = sql`select ${bucket.yearMonth(sql`l.started_at`, p.tz)} as month, count(*)::int as plays
    from listens l where ${mine} group by 1`;
  if (!allTimeAllSources(p)) return sql`${fromListens} order by 1`;
  return sql`select * from (
      select to_char(m.month, 'YYYY-MM') as month, sum(m.plays)::int as plays from listen_local_monthly_tracks m
        where m.user_id = ${p.userId} and m.track_id in ${inGroup} and ${rollupInZone(p)} group by 1
      union all
      select * from (${fromListens}) f where not ${rollupInZone(p)}) x
    order by 1`;
}
