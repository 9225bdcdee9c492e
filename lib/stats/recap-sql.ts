import { type SQL, sql } from "drizzle-orm";
import type { StatsParams } from "./params";
import { COUNTED, countedListens, rollupInZone, sourceIs } from "./sources";
import type { TopKind } from "./top";
import { localParts, zonedInstant } from "./zone";

export const RECAP_KINDS: TopKind[] = ["artists", "tracks", "albums", "genres"];
export const RECAP_TOP = 5;

type Source = { ctes: SQL; heard: (trackId: SQL) => SQL };

/*
 * The recap's statement. Both of its sources define the same CTEs, which the shared tail below reads:
 *   per_group (kind, key, plays, ms)  the artists heard in the period (and, from month × track rows, every
 *   other group too);  top_groups (kind, key, plays, ms) the first rows of each kind by plays and time,
 *   ties at the cut kept (rank ≤ 5) so the final order by name matches the full list's;  totals (plays, ms, tracks);  months (m, plays, ms) and month_artist (m, key, plays), m counting local
 *   months from the period's first (1-based);  new_artists (artist_id, plays, ms) first heard in it;
 *   and heard(track) whether a track was heard in it (an album's subtitle).
 * A full local year with no source filter reads listen_local_year_groups (~40k rows: one per group heard,
 * plus each month's artists), with the rollups kept in the user's zone; a month, a source or another
 * zone groups the period's month × track rows (listen_local_monthly_tracks, or the listens themselves)
 * through track_stat_groups, the one definition the all-time top lists use.
 */

/** The year-group CTEs: the rollup rows of local year `year` (the caller checks the zone). */
function fromYearGroups(p: StatsParams, year: number): Source {
  const yg = (alias: string) =>
    sql`listen_local_year_groups ${sql.raw(alias)} where ${sql.raw(alias)}.user_id = ${p.userId} and ${sql.raw(alias)}.year = ${year}`;
  // Index order (…, plays desc nulls last, ms desc nulls last): the first rows of a kind without a sort.
  const first = (kind: string) => sql`(select kind, key, plays, ms_played::float8 as ms from ${yg("y")}
    and month = 0 and kind = ${kind} order by plays desc nulls last, ms_played desc nulls last
    fetch first ${RECAP_TOP} rows with ties)`;
  return {
    ctes: sql`per_group as materialized (select kind, key, plays, ms_played::float8 as ms from ${yg("y")}
        and month = 0 and kind = 'artist'),
      top_groups as materialized (${sql.join(
        ["track", "album", "artist", "genre"].map(first),
        sql` union all `,
      )}),
      totals as (select coalesce(a.plays, 0)::int as plays, coalesce(a.ms_played, 0)::float8 as ms,
          (select count(*)::int from ${yg("y")} and month = 0 and kind = 'track') as tracks
        from (select 1) one left join (select plays, ms_played from ${yg("y")} and month = 0 and kind = 'all') a on true),
      month_artist as (select mo.m, a.key, a.plays from generate_series(1, 12) mo(m)
        cross join lateral (select key, plays from ${yg("y")} and month = mo.m and kind = 'artist'
          order by plays desc nulls last, ms_played desc nulls last, key limit 1) a),
      months as (select extract(month from day)::int as m, sum(plays)::int as plays, sum(ms_played)::float8 as ms
        from listen_local_daily where user_id = ${p.userId}
          and day >= ${`${year}-01-01`}::date and day < ${`${year + 1}-01-01`}::date group by 1),
      -- First heard this year: the artist has no row in an earlier year (one probe of the partial index).
      new_artists as materialized (select pa.key::int as artist_id, pa.plays, pa.ms from per_group pa
        where not exists (select 1 from listen_local_year_groups y where y.user_id = ${p.userId}
          and y.kind = 'artist' and y.month = 0 and y.key = pa.key and y.year < ${year}))`,
    heard: (t) =>
      sql`exists (select 1 from ${yg("h")} and h.month = 0 and h.kind = 'track' and h.key = ${t}::text)`,
  };
}

/**
 * The month × track CTEs: any period of whole local months, any source, any zone. `rollup` false reads the
 * listens even where listen_local_monthly_tracks could answer (what tests compare the rollups with).
 */
function fromMonthTracks(p: StatsParams, rollup: boolean): Source {
  return {
    ctes: sql`base as materialized (${perLocalMonthTrack(p, rollup)}),
      per_track as materialized (select track_id, sum(plays)::int as plays, sum(ms)::float8 as ms from base group by 1),
      track_groups as materialized (select g.track_id, g.kind, g.key from per_track b
        join track_stat_groups g on g.track_id = b.track_id where g.kind in ('track', 'album', 'artist', 'genre')),
      per_group as materialized (select g.kind, g.key, sum(b.plays)::int as plays, sum(b.ms)::float8 as ms
        from per_track b join track_groups g on g.track_id = b.track_id group by 1, 2),
      totals as (select coalesce(sum(plays), 0)::int as plays, coalesce(sum(ms), 0)::float8 as ms,
        count(*)::int as tracks from per_track),
      month_artist as (select distinct on (m) m, key, plays from (select b.m, g.key, sum(b.plays)::int as plays,
          sum(b.ms) as ms from base b join track_groups g on g.track_id = b.track_id and g.kind = 'artist'
          group by 1, 2) x order by m, plays desc, ms desc, key),
      months as (select m, sum(plays)::int as plays, sum(ms)::float8 as ms from base group by m),
      -- First heard in the period: no counted listen of any of the artist's tracks before it began (one
      -- index probe per track of the artist, in the monthly rollup or in listens).
      new_artists as materialized (select pa.key::int as artist_id, pa.plays, pa.ms from per_group pa
        where pa.kind = 'artist' and not exists (select 1 from track_artists x
          where x.artist_id = pa.key::int and ${heardBefore(p, sql`x.track_id`, rollup)})),
      -- The first rows of each kind, ties at the cut kept so the final order by name matches the full list's.
      top_groups as materialized (select * from (select *, rank() over (partition by kind order by plays desc, ms desc) as r
        from per_group) x where r <= ${RECAP_TOP})`,
    heard: (t) => sql`exists (select 1 from per_track b where b.track_id = ${t})`,
  };
}

/**
 * The recap of period p, from the year groups of local year `year` (p is that whole year, every source, and
 * the caller has checked the zone), from month × track rows where they are in the zone, or from listens only.
 */
export type RecapVia = { yearGroups: number } | "rollups" | "listens";

export function recapSql(p: StatsParams, via: RecapVia): SQL {
  const { ctes, heard } =
    typeof via === "object" ? fromYearGroups(p, via.yearGroups) : fromMonthTracks(p, via === "rollups");
  const named: Record<TopKind, SQL> = {
    tracks: sql`select t.id::text as id, t.title as name, t.artist_line as subtitle,
        coalesce(t.cover_url, al.cover_url) as cover, g.plays, g.ms
      from top_groups g join tracks t on t.id = g.key::int left join albums al on al.id = t.album_id
      where g.kind = 'track'`,
    artists: sql`select a.id::text as id, a.name, null as subtitle, a.image_url as cover, g.plays, g.ms
      from top_groups g join artists a on a.id = g.key::int where g.kind = 'artist'`,
    albums: sql`select al.id::text as id, al.title as name,
        (select min(t.artist_line) from tracks t where t.album_id = al.id and ${heard(sql`t.id`)}) as subtitle,
        al.cover_url as cover, g.plays, g.ms
      from top_groups g join albums al on al.id = g.key::int where g.kind = 'album'`,
    genres: sql`select g.key as id, g.key as name, null as subtitle, null as cover, g.plays, g.ms
      from top_groups g where g.kind = 'genre'`,
  };
  const top = (kind: TopKind) =>
    sql`(select json_agg(k) from (select * from (${named[kind]}) n order by plays desc, ms desc, name asc limit ${RECAP_TOP}) k)`;
  return sql`with ${ctes}
    select t.plays, t.ms, t.tracks,
      (select count(*)::int from per_group where kind = 'artist') as artists,
      -- The fewest artists whose plays make half of all plays (a track with two artists counts for both).
      (select count(*)::int from (select sum(plays) over (order by plays desc, key
          rows between unbounded preceding and current row) - plays as before from per_group where kind = 'artist') c
        where before < t.plays / 2.0) as half,
      json_build_object(${sql.join(
        RECAP_KINDS.map((k) => sql`${k}::text, ${top(k)}`),
        sql`, `,
      )}) as top,
      (select json_agg(x order by x.m) from (select mo.m, mo.plays, mo.ms, a.id, a.name, ma.plays as artist_plays
        from months mo left join month_artist ma on ma.m = mo.m left join artists a on a.id = ma.key::int) x) as months,
      (select count(*)::int from new_artists) as discovered,
      (select json_agg(d) from (select a.id, a.name, a.image_url as cover, n.plays from new_artists n
        join artists a on a.id = n.artist_id order by n.plays desc, n.ms desc, a.name limit ${RECAP_TOP}) d) as discoveries
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

/** The local month containing instant t as a date, and as a month number (year × 12 + month). */
function monthOf(p: StatsParams, t: number) {
  const { year, month } = localParts(p.tz, t);
  return { date: `${year}-${String(month).padStart(2, "0")}-01`, n: year * 12 + month };
}

/**
 * Rows (m, track_id, plays, ms): m counts local months from the period's first (1-based). From the monthly
 * rollup when it is kept in the asked zone (the period starts and ends on local month starts), otherwise
 * from the period's listens, bucketed by the month starts' UTC instants.
 */
function perLocalMonthTrack(p: StatsParams, rollup: boolean): SQL {
  const first = monthOf(p, p.range.from?.getTime() ?? 0);
  const end = monthOf(p, p.range.to?.getTime() ?? 0);
  const listens = sql`select width_bucket(l.started_at, ${monthBounds(p)}::timestamptz[]) + 1 as m, l.track_id,
      count(*)::int as plays, sum(coalesce(l.ms_played, 0))::float8 as ms
    from listens l where ${countedListens(p)} group by 1, 2`;
  if (!rollup) return listens;
  return sql`select (extract(year from month)::int * 12 + extract(month from month)::int - ${first.n} + 1) as m,
      track_id, sum(plays)::int as plays, sum(ms_played)::float8 as ms
    from listen_local_monthly_tracks
    where user_id = ${p.userId} and ${rollupInZone(p)} ${sourceIs(p)}
      and month >= ${first.date}::date and month < ${end.date}::date
    group by month, track_id
    union all
    select * from (${listens}) f where not ${rollupInZone(p)}`;
}

/** Whether the user heard the track (counted, any source) before the period began. */
function heardBefore(p: StatsParams, trackId: SQL, rollup: boolean): SQL {
  const from = p.range.from?.getTime() ?? 0;
  const listens = sql`exists (select 1 from listens l where l.user_id = ${p.userId} and l.track_id = ${trackId}
      and l.started_at < ${new Date(from).toISOString()}::timestamptz and ${COUNTED})`;
  if (!rollup) return listens;
  return sql`case when ${rollupInZone(p)} then exists (select 1 from listen_local_monthly_tracks h
      where h.track_id = ${trackId} and h.user_id = ${p.userId} and h.month < ${monthOf(p, from).date}::date)
    else ${listens} end`;
}
