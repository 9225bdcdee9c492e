import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The interval rule of listening-rules.md §7, set-based over one batch of freshly inserted listens: each new
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

export type MergePair = { n: number; o: number; newWins: boolean };

export async function findMerges(
  db: Db,
  p: { userId: number; importId: number; ids: number[]; excludeOwnImport: boolean },
): Promise<MergePair[]> {
  if (!p.ids.length) return [];
  const rows = (await db.execute(sql`
    with n as materialized (
      select l.id, l.track_id, l.started_at as s, l.ms_played as ms, l.origin, l.source, t.norm_title,
        coalesce(l.extra->>'fmt', '') as fmt,
        coalesce(l.ended_at, l.started_at + make_interval(secs => coalesce(l.ms_played, t.duration_ms, 0) / 1000.0)) as e
      from unnest(${`{${p.ids.join(",")}}`}::bigint[]) as x(id)
      join listens l on l.id = x.id and l.user_id = ${p.userId}
      join tracks t on t.id = l.track_id
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
  `)) as unknown as { n: string | number; o: string | number; w: boolean }[];
  return rows.map((r) => ({ n: Number(r.n), o: Number(r.o), newWins: r.w }));
}

/**
 * Applies the pairs: the loser points at the winner (and the loser's own duplicates follow it); an
 * existing canonical listen gains the import's ms_played and reason fields (import-export-formats §1.4.5).
 */
export async function applyMerges(db: Db, userId: number, pairs: MergePair[]): Promise<void> {
  if (!pairs.length) return;
  const json = JSON.stringify(pairs.map((p) => ({ n: p.n, o: p.o, w: p.newWins })));
  await db.execute(sql`
    update listens l set duplicate_of = x.canon
    from (
      select case when p.w then p.o else p.n end as target, case when p.w then p.n else p.o end as canon
      from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean)
      union all
      select d.id, p.n from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean)
      join listens d on d.user_id = ${userId} and d.duplicate_of = p.o where p.w
    ) x
    where l.user_id = ${userId} and l.id = x.target`);
  await db.execute(sql`
    update listens l set ms_played = coalesce(nl.ms_played, l.ms_played),
      extra = coalesce(l.extra, '{}'::jsonb) || jsonb_build_object('merged', nl.extra)
    from jsonb_to_recordset(${json}::jsonb) as p(n bigint, o bigint, w boolean)
    join listens nl on nl.id = p.n
    where l.user_id = ${userId} and l.id = p.o and not p.w and nl.extra is not null`);
}
