import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { streaks } from "./calendar";
import type { StatsParams } from "./params";
import { COUNTED, countedListens, minutes, perLocalDay, perLocalWeekHour, rows } from "./sources";
import type { TopKind } from "./top";
import { localDateString, localParts, zonedInstant } from "./zone";

export const recapQuery = z.object({
  year: z.coerce.number().int().min(1970).max(2100),
  month: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(12).optional()),
});
export type RecapQuery = z.infer<typeof recapQuery>;

const KINDS: TopKind[] = ["artists", "tracks", "albums", "genres"];
const TOP = 5;

type RawItem = {
  id: string;
  name: string;
  subtitle: string | null;
  cover: string | null;
  plays: number;
  ms: number;
};
type Raw = {
  plays: number;
  ms: number;
  tracks: number;
  artists: number;
  half: number;
  top: Record<TopKind, RawItem[] | null>;
  months:
    | {
        m: number;
        plays: number;
        ms: number;
        id: number | null;
        name: string | null;
        artist_plays: number | null;
      }[]
    | null;
  discovered: number;
  discoveries: { id: number; name: string; cover: string | null; plays: number }[] | null;
};

/** The recap's period: one local calendar year, or one month of it. */
function period(tz: string, q: RecapQuery) {
  const from = zonedInstant(tz, q.year, q.month ?? 1, 1);
  const to = q.month ? zonedInstant(tz, q.year, q.month + 1, 1) : zonedInstant(tz, q.year + 1, 1, 1);
  return { key: "custom" as const, from: new Date(from), to: new Date(to) };
}

/*
 * Everything that needs per-track counts comes from one statement over one scan of the period's listens
 * (grouped by local month × track, materialised once). Artists, albums and genres are grouped through
 * track_stat_groups, the one definition the all-time top lists use, in a single hash join; names are looked
 * up for the few rows shown only.
 */
export function recapSql(p: StatsParams): SQL {
  const from = p.range.from?.toISOString();
  const bounds = monthBounds(p);
  const named: Record<TopKind, SQL> = {
    tracks: sql`select t.id::text as id, t.title as name, t.artist_line as subtitle,
        coalesce(t.cover_url, al.cover_url) as cover, g.plays, g.ms
      from top_groups g join tracks t on t.id = g.key::int left join albums al on al.id = t.album_id
      where g.kind = 'track'`,
    artists: sql`select a.id::text as id, a.name, null as subtitle, a.image_url as cover, g.plays, g.ms
      from top_groups g join artists a on a.id = g.key::int where g.kind = 'artist'`,
    albums: sql`select al.id::text as id, al.title as name,
        (select min(t.artist_line) from tracks t join per_track b on b.track_id = t.id where t.album_id = al.id) as subtitle,
        al.cover_url as cover, g.plays, g.ms
      from top_groups g join albums al on al.id = g.key::int where g.kind = 'album'`,
    genres: sql`select g.key as id, g.key as name, null as subtitle, null as cover, g.plays, g.ms
      from top_groups g where g.kind = 'genre'`,
  };
  const top = (kind: TopKind) =>
    sql`(select json_agg(k) from (select * from (${named[kind]}) n order by plays desc, ms desc, name asc limit ${TOP}) k)`;
  return sql`with base as materialized (
      -- The local month by the period's month starts (UTC instants): no time zone arithmetic per listen.
      select width_bucket(l.started_at, ${bounds}::timestamptz[]) + 1 as m, l.track_id,
        count(*)::int as plays, sum(coalesce(l.ms_played, 0))::float8 as ms
      from listens l where ${countedListens(p)} group by 1, 2),
    per_track as materialized (select track_id, sum(plays)::int as plays, sum(ms)::float8 as ms from base group by 1),
    track_groups as materialized (select g.track_id, g.kind, g.key from per_track b
      join track_stat_groups g on g.track_id = b.track_id where g.kind in ('track', 'album', 'artist', 'genre')),
    per_group as materialized (select g.kind, g.key, sum(b.plays)::int as plays, sum(b.ms)::float8 as ms
      from per_track b join track_groups g on g.track_id = b.track_id group by 1, 2),
    -- The first rows of each kind, ties at the cut kept so the final order by name matches the full list's.
    top_groups as materialized (select * from (select *, rank() over (partition by kind order by plays desc, ms desc) as r
      from per_group) x where r <= ${TOP}),
    totals as (select coalesce(sum(plays), 0)::int as plays, coalesce(sum(ms), 0)::float8 as ms,
      count(*)::int as tracks from per_track),
    month_artist as (select distinct on (m) m, key, plays from (select b.m, g.key, sum(b.plays)::int as plays,
        sum(b.ms) as ms from base b join track_groups g on g.track_id = b.track_id and g.kind = 'artist'
        group by 1, 2) x order by m, plays desc, ms desc, key),
    months as (select m, sum(plays)::int as plays, sum(ms)::float8 as ms from base group by m),
    -- First heard in the period: no counted listen of any of the artist's tracks before it began (an
    -- index-only probe of listens_user_track_started_idx per track of the artist).
    new_artists as materialized (select pa.key::int as artist_id, pa.plays, pa.ms from per_group pa
      where pa.kind = 'artist' and not exists (
        select 1 from track_artists x join listens l on l.user_id = ${p.userId} and l.track_id = x.track_id
        where x.artist_id = pa.key::int and l.started_at < ${from}::timestamptz and ${COUNTED}))
    select t.plays, t.ms, t.tracks,
      (select count(*)::int from per_group where kind = 'artist') as artists,
      -- The fewest artists whose plays make half of all plays (a track with two artists counts for both).
      (select count(*)::int from (select sum(plays) over (order by plays desc, key
          rows between unbounded preceding and current row) - plays as before from per_group where kind = 'artist') c
        where before < t.plays / 2.0) as half,
      json_build_object(${sql.join(
        KINDS.map((k) => sql`${k}::text, ${top(k)}`),
        sql`, `,
      )}) as top,
      (select json_agg(x order by x.m) from (select mo.m, mo.plays, mo.ms, a.id, a.name, ma.plays as artist_plays
        from months mo left join month_artist ma on ma.m = mo.m left join artists a on a.id = ma.key::int) x) as months,
      (select count(*)::int from new_artists) as discovered,
      (select json_agg(d) from (select a.id, a.name, a.image_url as cover, n.plays from new_artists n
        join artists a on a.id = n.artist_id order by n.plays desc, n.ms desc, a.name limit ${TOP}) d) as discoveries
    from totals t`;
}

/** The local month starts after the first, as a PostgreSQL array literal for width_bucket. */
function monthBounds(p: StatsParams): string {
  const from = p.range.from?.getTime() ?? 0;
  const to = p.range.to?.getTime() ?? 0;
  const { year, month } = localParts(p.tz, from);
  const out: string[] = [];
  for (let i = 1; i < 12; i++) {
    const t = zonedInstant(p.tz, year, month + i, 1);
    if (t >= to) break;
    out.push(new Date(t).toISOString());
  }
  return `{${out.join(",")}}`;
}

const item = (kind: TopKind, total: number) => (r: RawItem) => ({
  id: kind === "genres" ? r.id : Number(r.id),
  name: r.name,
  subtitle: r.subtitle,
  cover: r.cover,
  plays: r.plays,
  minutes: minutes(r.ms),
  share: Math.round((r.plays / (total || 1)) * 1000) / 10,
});

/** The local years with counted listens, newest first, for the year switcher (the daily rollup: ~365 rows a year). */
export async function recapYears(
  db: Db,
  p: Pick<StatsParams, "userId" | "tz" | "now" | "source">,
): Promise<number[]> {
  const all = { ...p, range: { key: "all" as const, from: null, to: null } };
  const found = await rows<{ y: number }>(
    db,
    sql`select distinct extract(year from x.day)::int as y from (${perLocalDay(all)}) x order by 1 desc`,
  );
  return found.map((r) => r.y);
}

/** Year (or month) in review for one user, in their time zone, from their counted listens. */
export async function getRecap(
  db: Db,
  base: Pick<StatsParams, "userId" | "tz" | "now" | "source">,
  q: RecapQuery,
) {
  const p: StatsParams = { ...base, range: period(base.tz, q) };
  const [[raw], days, hours, years] = await Promise.all([
    rows<Raw>(db, recapSql(p)),
    rows<{ day: string; plays: number; ms: number }>(
      db,
      sql`select to_char(x.day, 'YYYY-MM-DD') as day, x.plays, x.ms from (${perLocalDay(p)}) x order by 1`,
    ),
    rows<{ h: number; plays: number }>(
      db,
      sql`select h, sum(plays)::int as plays from (${perLocalWeekHour(p)}) x group by h`,
    ),
    recapYears(db, p),
  ]);
  const plays = raw?.plays ?? 0;
  const busiest = days.reduce<(typeof days)[number] | null>(
    (b, d) => (!b || d.plays > b.plays ? d : b),
    null,
  );
  const streak = streaks(
    days.map((d) => d.day),
    "",
  );
  const clock = new Array<number>(24).fill(0);
  for (const h of hours) if (h.h >= 0 && h.h < 24) clock[h.h] = h.plays;
  // m counts months from the period's first (1-based).
  const monthRows = new Map((raw?.months ?? []).map((m) => [(q.month ?? 1) + m.m - 1, m]));
  const monthNumbers = q.month ? [q.month] : Array.from({ length: 12 }, (_, i) => i + 1);
  return {
    year: q.year,
    month: q.month ?? null,
    from: localDateString(p.tz, p.range.from?.getTime() ?? 0),
    to: localDateString(p.tz, (p.range.to?.getTime() ?? 1) - 1),
    years,
    totals: {
      plays,
      minutes: minutes(raw?.ms),
      tracks: raw?.tracks ?? 0,
      artists: raw?.artists ?? 0,
      activeDays: days.length,
    },
    top: Object.fromEntries(KINDS.map((k) => [k, (raw?.top[k] ?? []).map(item(k, plays))])) as Record<
      TopKind,
      ReturnType<ReturnType<typeof item>>[]
    >,
    months: monthNumbers.map((m) => {
      const r = monthRows.get(m);
      return {
        month: `${q.year}-${String(m).padStart(2, "0")}`,
        plays: r?.plays ?? 0,
        minutes: minutes(r?.ms),
        topArtist: r?.id ? { id: r.id, name: r.name ?? "", plays: r.artist_plays ?? 0 } : null,
      };
    }),
    discoveries: { count: raw?.discovered ?? 0, artists: raw?.discoveries ?? [] },
    longestStreak: { days: streak.longest, from: streak.longestFrom, to: streak.longestTo },
    busiestDay: busiest ? { date: busiest.day, plays: busiest.plays, minutes: minutes(busiest.ms) } : null,
    clock,
    /** The fewest artists that got half of the plays, out of all artists heard. */
    half: { artists: raw?.half ?? 0, of: raw?.artists ?? 0 },
  };
}

export type Recap = Awaited<ReturnType<typeof getRecap>>;
