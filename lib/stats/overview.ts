import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { previousRange, type ResolvedRange, yearAgoRange } from "./range";
import { allTimeAllSources, groupTotals, minutes, perLocalDay, perTrack, rows } from "./sources";

export type OverviewNumbers = {
  plays: number;
  minutes: number;
  tracks: number;
  artists: number;
  albums: number;
};

async function numbers(db: Db, p: StatsParams, range: ResolvedRange): Promise<OverviewNumbers> {
  const [row] = await rows<{ plays: number; ms: number; tracks: number; artists: number; albums: number }>(
    db,
    allTimeAllSources(p, range)
      ? sql`select coalesce(max(plays) filter (where kind = 'all'), 0)::int as plays,
          coalesce(max(ms) filter (where kind = 'all'), 0)::float8 as ms,
          coalesce(max(tracks) filter (where kind = 'all'), 0)::int as tracks,
          count(*) filter (where kind = 'artist')::int as artists,
          count(*) filter (where kind = 'album')::int as albums
        from (${groupTotals(p, ["all", "artist", "album"])}) g`
      : sql`with base as materialized (select track_id from (${perTrack(p, range)}) pt),
          tm as (select coalesce(sum(plays), 0)::int as plays, coalesce(sum(ms), 0)::float8 as ms from (${perLocalDay(p, range)}) x)
          select tm.plays, tm.ms,
            (select count(*)::int from base) as tracks,
            (select count(distinct x.artist_id)::int from base b join track_artists x on x.track_id = b.track_id) as artists,
            (select count(distinct t.album_id)::int from base b join tracks t on t.id = b.track_id) as albums
          from tm`,
  );
  return {
    plays: row?.plays ?? 0,
    minutes: minutes(row?.ms),
    tracks: row?.tracks ?? 0,
    artists: row?.artists ?? 0,
    albums: row?.albums ?? 0,
  };
}

const KEYS = ["plays", "minutes", "tracks", "artists", "albums"] as const;
export type OverviewChange = Record<(typeof KEYS)[number], number | null>;

/** Percent change from an earlier period; null when there is nothing to compare with. */
function change(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / before) * 1000) / 10;
}

function changes(current: OverviewNumbers, before: OverviewNumbers | null): OverviewChange {
  return Object.fromEntries(
    KEYS.map((k) => [k, before ? change(current[k], before[k]) : null]),
  ) as OverviewChange;
}

const iso = (r: ResolvedRange | null) =>
  r && { key: r.key, from: r.from?.toISOString() ?? null, to: r.to?.toISOString() ?? null };

/** The range's numbers, the previous period's and the same period a year earlier, in one round trip. */
export async function getOverview(db: Db, p: StatsParams) {
  const prev = previousRange(p.range, p.now, p.tz);
  const ago = yearAgoRange(p.range, p.now, p.tz);
  const [current, previous, yearAgo] = await Promise.all([
    numbers(db, p, p.range),
    prev ? numbers(db, p, prev) : null,
    ago ? numbers(db, p, ago) : null,
  ]);
  return {
    range: iso(p.range),
    ...current,
    previous,
    change: changes(current, previous),
    previousRange: iso(prev),
    yearAgo,
    yearAgoChange: changes(current, yearAgo),
    yearAgoRange: iso(ago),
  };
}
