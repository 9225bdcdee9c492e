import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { countedListens, minutes, rows } from "./sources";

/** A pause longer than this between one listen's end and the next one's start ends a listening session. */
export const SESSION_GAP_MIN = 20;
/** Plays of one artist back to back that make a binge. */
export const BINGE_MIN_PLAYS = 5;

export type ListeningSession = {
  start: string;
  end: string;
  minutes: number;
  listens: number;
  top_artist: string;
};
export type Binge = { artist: string; start: string; end: string; plays: number };
export type Sessions = {
  count: number;
  average_minutes: number;
  total_minutes: number;
  longest: ListeningSession[];
  binges: Binge[];
};

/**
 * Listening sessions in range: counted listens in time order, a new session wherever the gap after the
 * previous listen's end (its start plus what was heard, or the track's length when we do not know) passes
 * SESSION_GAP_MIN. Binges: runs of BINGE_MIN_PLAYS or more listens of one artist with nothing between.
 * One statement over the range's listens (listens_counted_idx), so it is cached like every stats answer.
 */
export async function getSessions(db: Db, p: StatsParams, limit = 10): Promise<Sessions> {
  const [row] = await rows<{
    count: number;
    average_s: number | null;
    total_ms: number | null;
    longest: { start: string; end: string; listens: number; ms: number; top_artist: string }[] | null;
    binges: { artist: string; start: string; end: string; plays: number }[] | null;
  }>(db, sessionsQuery(p, limit));
  const iso = (t: string) => new Date(t).toISOString();
  return {
    count: row?.count ?? 0,
    average_minutes: Math.round((row?.average_s ?? 0) / 60),
    total_minutes: minutes(row?.total_ms),
    longest: (row?.longest ?? []).map((s) => ({
      start: iso(s.start),
      end: iso(s.end),
      minutes: Math.round((Date.parse(s.end) - Date.parse(s.start)) / 60_000),
      listens: s.listens,
      top_artist: s.top_artist,
    })),
    binges: (row?.binges ?? []).map((b) => ({ ...b, start: iso(b.start), end: iso(b.end) })),
  };
}

/** The one statement behind getSessions (exported for EXPLAIN in the benchmark's investigations). */
export function sessionsQuery(p: StatsParams, limit: number): SQL {
  return sql`with base as (
        select l.id, l.started_at as s,
          l.started_at + coalesce(l.ms_played, t.duration_ms, 0) * interval '1 millisecond' as e,
          coalesce(l.ms_played, t.duration_ms, 0)::float8 as ms, t.artist_line as artist
        from listens l join tracks t on t.id = l.track_id where ${countedListens(p)}),
      marked as (
        select *,
          case when s - max(e) over w > ${`${SESSION_GAP_MIN} minutes`}::interval then 1 else 0 end as new_session,
          lag(artist) over (order by s, id) as prev_artist
        from base window w as (order by s, id rows between unbounded preceding and 1 preceding)),
      -- A run of one artist (a binge) ends with its session too: the same artist tomorrow is another sitting.
      numbered as (
        select *, sum(new_session) over (order by s, id) as sid,
          sum(case when new_session = 1 or artist is distinct from prev_artist then 1 else 0 end)
            over (order by s, id) as rid
        from marked),
      sessions as (
        select sid, min(s) as s, max(e) as e, count(*)::int as listens, sum(ms) as ms from numbered group by sid),
      longest as (select * from sessions order by e - s desc, s desc limit ${limit}),
      -- Each long session's most played artist, in one pass over the listens (not one pass per session).
      longest_artist as (
        select distinct on (n.sid) n.sid, n.artist from numbered n join longest lo on lo.sid = n.sid
        group by n.sid, n.artist order by n.sid, count(*) desc, n.artist),
      runs as (
        select min(artist) as artist, min(s) as s, max(e) as e, count(*)::int as plays from numbered
        group by rid having count(*) >= ${BINGE_MIN_PLAYS} order by count(*) desc, min(s) desc limit ${limit})
      select (select count(*)::int from sessions) as count,
        (select avg(extract(epoch from e - s))::float8 from sessions) as average_s,
        (select sum(ms)::float8 from sessions) as total_ms,
        (select json_agg(json_build_object('start', lo.s, 'end', lo.e, 'listens', lo.listens, 'ms', lo.ms,
            'top_artist', la.artist) order by lo.e - lo.s desc, lo.s desc)
          from longest lo join longest_artist la on la.sid = lo.sid) as longest,
        (select json_agg(json_build_object('artist', r.artist, 'start', r.s, 'end', r.e, 'plays', r.plays)
            order by r.plays desc, r.s desc) from runs r) as binges`;
}
