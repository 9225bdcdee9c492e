import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The interval rule of listening-rules.md §7, set-based over one batch of rows about to be inserted (so a
 * row that merges is inserted already pointing at its canonical listen, never updated after): each new
 * listen is matched one-to-one with an existing canonical listen of the same user that came another way
 * (other origin, source or file family) when the songs agree (same track, or same normalised title and a
 * shared artist) and the times agree (starts ≤ 10 s apart, or the intervals overlap by more than half of
 * the shorter one, or — Spotify account data vs extended history — equal ms_played with ends < 61 s apart).
 * The richer record stays canonical (live > history > extended > ListenBrainz > Last.fm > account data).
 */
const RANK = (origin: string, fmt: string) =>
  sql.raw(`(case when ${origin} = 'live' then 50 when ${origin} = 'history' then 40
  else case ${fmt} when 'spotify-extended' then 30 when 'listenbrainz' then 20 when 'lastfm' then 15
  when 'spotify-account' then 10 else 5 end end)`);

/** A row of the batch: dedup key, track, interval, ms_played, origin, source and file family. */
export type MergeCandidate = {
  k: string;
  t: number;
  s: string;
  e: string | null;
  ms: number | null;
  org: string;
  src: string;
  fmt: string;
};
export type MergePair = { k: string; o: number; newWins: boolean };

export async function findMerges(
  db: Db,
  p: { userId: number; importId: number; rows: MergeCandidate[]; excludeOwnImport: boolean },
): Promise<MergePair[]> {
  if (!p.rows.length) return [];
  const rows = (await db.execute(sql`
    with n as materialized (
      select u.k as id, u.t as track_id, u.s, u.ms, u.org as origin, u.src as source, t.norm_title, u.fmt,
        coalesce(u.e, u.s + make_interval(secs => coalesce(u.ms, t.duration_ms, 0) / 1000.0)) as e
      from jsonb_to_recordset(${JSON.stringify(p.rows)}::jsonb)
        as u(k text, t int, s timestamptz, e timestamptz, ms int, org text, src text, fmt text)
      join tracks t on t.id = u.t
      -- A row already stored (re-import) is not inserted again, so it merges with nothing.
      where not exists (select 1 from listens x where x.user_id = ${p.userId} and x.dedup_key = u.k)
    ), c as (
      select n.id as nid, o.id as oid,
        (case when o.track_id = n.track_id then 1000 else 0 end) - abs(extract(epoch from o.started_at - n.s)) as score,
        ${RANK("n.origin", "n.fmt")} > ${RANK("o.origin", "o.fmt")} as new_wins,
        o.started_at as os, o.ms_played as oms, o.fmt as ofmt, n.s, n.e, n.ms, n.fmt,
        coalesce(o.ended_at, o.started_at + make_interval(secs => coalesce(o.ms_played, ot.duration_ms, 0) / 1000.0)) as oe
      from n
      -- LATERAL pins the plan: for each new listen, a range scan of the user's listens around it (never
      -- one pass over every listen per new row, whatever the statistics say mid-import).
      cross join lateral (
        select o.id, o.track_id, o.started_at, o.ended_at, o.ms_played, o.origin, coalesce(o.extra->>'fmt', '') as fmt
        from listens o
        where o.user_id = ${p.userId}
          and o.started_at between n.s - interval '30 minutes' and n.e + interval '1 minute'
          and o.duplicate_of is null
          -- Rows of this batch share origin, source and family, so this also keeps a batch from matching itself.
          and (o.origin <> n.origin or o.source <> n.source or coalesce(o.extra->>'fmt', '') <> n.fmt)
          and (${!p.excludeOwnImport} or o.import_id is distinct from ${p.importId})
      ) o
      join tracks ot on ot.id = o.track_id
      where o.track_id = n.track_id or (ot.norm_title = n.norm_title and exists (
          select 1 from track_artists a1 join artists x1 on x1.id = a1.artist_id
          join artists x2 on x2.norm_name = x1.norm_name join track_artists a2 on a2.artist_id = x2.id
          where a1.track_id = n.track_id and a2.track_id = o.track_id))
    ), m as (
      select * from c where abs(extract(epoch from os - s)) <= 10
        or (least(extract(epoch from e - s), extract(epoch from oe - os)) > 0
            and extract(epoch from least(e, oe) - greatest(s, os))
                > 0.5 * least(extract(epoch from e - s), extract(epoch from oe - os)))
        or (fmt in ('spotify-account', 'spotify-extended') and ofmt in ('spotify-account', 'spotify-extended')
            and fmt <> ofmt and ms = oms and abs(extract(epoch from oe - e)) < 61)
    ), best_n as (
      select distinct on (nid) nid, oid, score, new_wins from m order by nid, score desc, oid
    )
    select distinct on (oid) nid as n, oid as o, new_wins as w from best_n order by oid, score desc, nid
  `)) as unknown as { n: string; o: string | number; w: boolean }[];
  return rows.map((r) => ({ k: r.n, o: Number(r.o), newWins: r.w }));
}

/**
 * After the insert: when the new row wins, the old canonical listen (and its own duplicates) point at it;
 * when it loses (it was inserted pointing at the old one), the old one gains the import's ms_played and
 * reason fields (import-export-formats.md §1.4.5). One statement, so the rollup triggers run once.
 */
export async function applyMerges(
  db: Db,
  userId: number,
  pairs: { n: number; o: number; w: boolean }[],
): Promise<void> {
  if (!pairs.length) return;
  const json = JSON.stringify(pairs);
  await db.execute(sql`
    update listens l set duplicate_of = case when x.canon is null then l.duplicate_of else x.canon end,
      ms_played = coalesce(x.ms, l.ms_played),
      extra = case when x.merged is null then l.extra else coalesce(l.extra, '{}'::jsonb) || jsonb_build_object('merged', x.merged) end
    from (
      select p.o as target, p.n as canon, null::int as ms, null::jsonb as merged
      from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean) where p.w
      union all
      select d.id, p.n, null, null from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean)
      join listens d on d.user_id = ${userId} and d.duplicate_of = p.o where p.w
      union all
      select p.o, null, nl.ms_played, nl.extra from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean)
      join listens nl on nl.id = p.n where not p.w and nl.extra is not null
    ) x
    where l.user_id = ${userId} and l.id = x.target`);
}
