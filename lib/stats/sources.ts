import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { hourlyRollupExact } from "./bucket";
import type { StatsParams } from "./params";
import type { ResolvedRange } from "./range";

/*
 * Where each statistic reads from. Raw listens count only real plays: not skipped, not a merged duplicate
 * (the predicate matches the partial index listens_counted_idx). Unbounded ranges read the exact rollups
 * (db/schema/stats.ts) instead of scanning a whole history.
 */

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/** Counted listens of the user (alias `l`), in range and source. */
export function countedListens(p: StatsParams, range: ResolvedRange = p.range): SQL {
  return sql`l.user_id = ${p.userId} and not l.skipped and l.duplicate_of is null
    ${p.source ? sql`and l.source = ${p.source}` : sql``}
    ${range.from ? sql`and l.started_at >= ${range.from.toISOString()}::timestamptz` : sql``}
    ${range.to ? sql`and l.started_at < ${range.to.toISOString()}::timestamptz` : sql``}`;
}

const unbounded = (range: ResolvedRange) => !range.from && !range.to;

/** Rows (track_id, plays, ms): one per track heard in range. */
export function perTrack(p: StatsParams, range: ResolvedRange = p.range): SQL {
  if (unbounded(range)) {
    return sql`select track_id, sum(plays)::int as plays, sum(ms_played)::float8 as ms
      from listen_track_totals where user_id = ${p.userId} ${p.source ? sql`and source = ${p.source}` : sql``}
      group by track_id`;
  }
  return sql`select l.track_id, count(*)::int as plays, sum(coalesce(l.ms_played, 0))::float8 as ms
    from listens l where ${countedListens(p, range)} group by l.track_id`;
}

/** Rows (t, plays, ms) over time: hourly rollup rows when exact for the zone, single listens otherwise. */
export function overTime(p: StatsParams, range: ResolvedRange = p.range): SQL {
  if (hourlyRollupExact(p.tz)) {
    return sql`select hour as t, plays, ms_played as ms from listen_hourly
      where user_id = ${p.userId} ${p.source ? sql`and source = ${p.source}` : sql``}
      ${range.from ? sql`and hour >= ${range.from.toISOString()}::timestamptz` : sql``}
      ${range.to ? sql`and hour < ${range.to.toISOString()}::timestamptz` : sql``}`;
  }
  return sql`select l.started_at as t, 1 as plays, coalesce(l.ms_played, 0) as ms
    from listens l where ${countedListens(p, range)}`;
}

/** Genres of each track in `base`: its album's genres plus its artists' genres, trimmed and lowercased. */
export function trackGenres(base: SQL): SQL {
  return sql`select b.track_id, lower(trim(ag.genre)) as genre from (${base}) b
      join tracks t on t.id = b.track_id join album_genres ag on ag.album_id = t.album_id
    union
    select b.track_id, lower(trim(rg.genre)) from (${base}) b
      join track_artists x on x.track_id = b.track_id join artist_genres rg on rg.artist_id = x.artist_id`;
}

export const minutes = (ms: number | string | null | undefined) => Math.round(Number(ms ?? 0) / 60_000);
