import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bucket, hourlyRollupExact, localTime } from "./bucket";
import type { StatsParams } from "./params";
import type { ResolvedRange } from "./range";
import { localDateString, startOfLocalDay } from "./zone";

/*
 * Where each statistic reads from. Raw listens count only real plays: not skipped, not a merged duplicate
 * (the predicate matches the partial index listens_counted_idx). Unbounded ranges read the exact rollups
 * (db/schema/stats.ts) instead of scanning a whole history.
 */

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/**
 * A counted listen (alias `l`): a real play, not a merged duplicate, not hidden by an exclusion. The
 * rollup triggers decide it the same way, and the partial index listens_counted_idx has this predicate.
 */
export const COUNTED = sql`not l.skipped and l.duplicate_of is null and not l.hidden`;

/** Counted listens of the user (alias `l`), in range and source. */
export function countedListens(p: StatsParams, range: ResolvedRange = p.range): SQL {
  return sql`l.user_id = ${p.userId} and ${COUNTED}
    ${p.source ? sql`and l.source = ${p.source}` : sql``}
    ${range.from ? sql`and l.started_at >= ${range.from.toISOString()}::timestamptz` : sql``}
    ${range.to ? sql`and l.started_at < ${range.to.toISOString()}::timestamptz` : sql``}`;
}

const unbounded = (range: ResolvedRange) => !range.from && !range.to;

/** The source filter on a rollup table. */
export const sourceIs = (p: StatsParams) => (p.source ? sql`and source = ${p.source}` : sql``);

/**
 * Whether the question is all time over all sources, which listen_group_totals answers per group (track,
 * album, artist, artist name, genre, everything) without touching per-track rows.
 */
export const allTimeAllSources = (p: StatsParams, range: ResolvedRange = p.range) =>
  unbounded(range) && !p.source;

/** Rows (kind, key, plays, ms, tracks) of the user's all-time group totals of one or more kinds. */
export function groupTotals(p: StatsParams, kinds: string[]): SQL {
  return sql`select kind, key, plays, ms_played::float8 as ms, tracks from listen_group_totals
    where user_id = ${p.userId} and kind in (${sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    )})`;
}

/** Rows (track_id, plays, ms): one per track heard in range. */
export function perTrack(p: StatsParams, range: ResolvedRange = p.range): SQL {
  if (unbounded(range)) {
    return sql`select track_id, sum(plays)::int as plays, sum(ms_played)::float8 as ms
      from listen_track_totals where user_id = ${p.userId} ${sourceIs(p)}
      group by track_id`;
  }
  return sql`select l.track_id, count(*)::int as plays, sum(coalesce(l.ms_played, 0))::float8 as ms
    from listens l where ${countedListens(p, range)} group by l.track_id`;
}

/** Rows (t, plays, ms) over time: hourly rollup rows when exact for the zone, single listens otherwise. */
export function overTime(p: StatsParams, range: ResolvedRange = p.range): SQL {
  if (hourlyRollupExact(p.tz)) {
    return sql`select hour as t, plays, ms_played as ms from listen_hourly
      where user_id = ${p.userId} ${sourceIs(p)}
      ${range.from ? sql`and hour >= ${range.from.toISOString()}::timestamptz` : sql``}
      ${range.to ? sql`and hour < ${range.to.toISOString()}::timestamptz` : sql``}`;
  }
  return sql`select l.started_at as t, 1 as plays, coalesce(l.ms_played, 0) as ms
    from listens l where ${countedListens(p, range)}`;
}

/*
 * The local rollups (listen_local_daily, listen_local_week_hours) are kept in the zone PostgreSQL resolves
 * for the user (stats_zone, migration stats_local_rollup_triggers). Each read below guards its rollup branch
 * and its fallback with that check, which PostgreSQL evaluates once per query and then runs only one branch.
 */
export const rollupInZone = (p: StatsParams) =>
  sql`((select stats_zone(time_zone) from users where id = ${p.userId}) = ${p.tz})`;

const onLocalMidnight = (d: Date | null, tz: string) =>
  !d || startOfLocalDay(tz, d.getTime()) === d.getTime();

/** Rows (day date, plays, ms): one per local day of the user's zone with plays in range. */
export function perLocalDay(p: StatsParams, range: ResolvedRange = p.range): SQL {
  const fallback = sql`select (${localTime(sql`x.t`, p.tz)})::date as day, sum(x.plays)::int as plays,
      sum(x.ms)::float8 as ms
    from (${overTime(p, range)}) x group by 1`;
  if (!onLocalMidnight(range.from, p.tz) || !onLocalMidnight(range.to, p.tz)) return fallback;
  const day = (d: Date) => localDateString(p.tz, d.getTime());
  return sql`select day, sum(plays)::int as plays, sum(ms_played)::float8 as ms from listen_local_daily
      where user_id = ${p.userId} and ${rollupInZone(p)} ${sourceIs(p)}
        ${range.from ? sql`and day >= ${day(range.from)}::date` : sql``}
        ${range.to ? sql`and day < ${day(range.to)}::date` : sql``}
      group by day
    union all
    select * from (${fallback}) f where not ${rollupInZone(p)}`;
}

/** Rows (d, h, plays): local weekday (0 = Monday) × hour with plays in range. */
export function perLocalWeekHour(p: StatsParams, range: ResolvedRange = p.range): SQL {
  const fallback = sql`select ${bucket.weekday(sql`x.t`, p.tz)} as d, ${bucket.hour(sql`x.t`, p.tz)} as h,
      sum(x.plays)::int as plays
    from (${overTime(p, range)}) x group by 1, 2`;
  if (!unbounded(range)) return fallback;
  return sql`select isodow - 1 as d, hour::int as h, sum(plays)::int as plays from listen_local_week_hours
      where user_id = ${p.userId} and ${rollupInZone(p)} ${sourceIs(p)}
      group by 1, 2
    union all
    select * from (${fallback}) f where not ${rollupInZone(p)}`;
}

export const minutes = (ms: number | string | null | undefined) => Math.round(Number(ms ?? 0) / 60_000);
