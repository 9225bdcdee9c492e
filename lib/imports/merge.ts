import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The interval rule of listening-rules.md §7, set-based over one batch of rows staged in `import_stage`
 * (lib/imports/stage.ts) before they are inserted, so a row that merges is inserted already pointing at its
 * canonical listen, never updated after: each new listen is matched one-to-one with an existing canonical
 * listen of the same user that came another way (other origin, source or file family) when the songs agree
 * (same track, or same normalised title and a shared artist) and the times agree (starts ≤ 10 s apart, or
 * the intervals overlap by more than half of the shorter one, or — Spotify account data vs extended
 * history — equal ms_played with ends < 61 s apart).
 * The richer record stays canonical (live > history > extended > ListenBrainz > Last.fm > account data).
 */
const RANK = (origin: string, fmt: string) =>
  sql.raw(`(case when ${origin} = 'live' then 50 when ${origin} = 'history' then 40
  else case ${fmt} when 'spotify-extended' then 30 when 'listenbrainz' then 20 when 'lastfm' then 15
  when 'spotify-account' then 10 else 5 end end)`);

/** How far before a new listen's start and after its end an existing listen may start and still match. */
const BEFORE = "30 minutes";
const AFTER = "1 minute";

export type MergeScope = {
  userId: number;
  importId: number;
  excludeOwnImport: boolean;
  /** The batch's time span (ms) and, when every row shares it, its (origin, source, family). */
  span: { from: number; to: number };
  family: { org: string; src: string; fmt: string } | null;
};

/**
 * Marks each staged row that matches an existing listen: `o` the listen's id, `w` whether the new row wins.
 * A loser is staged pointing at the listen (`d = o`). Returns how many rows matched. Skipped in one cheap
 * range probe when no listen that came another way lies near the batch (a history older than live data).
 */
export async function markMerges(db: Db, p: MergeScope): Promise<number> {
  const from = new Date(p.span.from).toISOString();
  const to = new Date(p.span.to).toISOString();
  const other = p.family
    ? sql`and (o.origin <> ${p.family.org} or o.source <> ${p.family.src} or coalesce(o.extra->>'fmt', '') <> ${p.family.fmt})`
    : sql``;
  const near = (await db.execute(sql`
    select 1 from listens o
    where o.user_id = ${p.userId} and o.duplicate_of is null
      and o.started_at between ${from}::timestamptz - ${BEFORE}::interval and ${to}::timestamptz + ${AFTER}::interval
      ${other} and (${!p.excludeOwnImport} or o.import_id is distinct from ${p.importId})
    limit 1`)) as unknown as unknown[];
  if (!near.length) return 0;
  const marked = (await db.execute(sql`
    with n as materialized (
      select u.k as id, u.t as track_id, u.s, u.ms, u.org as origin, u.src as source, t.norm_title, u.fmt,
        coalesce(u.e, u.s + make_interval(secs => coalesce(u.ms, t.duration_ms, 0) / 1000.0)) as e
      from import_stage u
      join tracks t on t.id = u.t
      -- A row already stored (re-import) is not inserted again, so it merges with nothing.
      where u.d is null and not exists (select 1 from listens x where x.user_id = ${p.userId} and x.dedup_key = u.k)
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
          and o.started_at between n.s - ${BEFORE}::interval and n.e + ${AFTER}::interval
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
    ), pair as (
      select distinct on (oid) nid, oid, new_wins from best_n order by oid, score desc, nid
    )
    update import_stage s set o = pair.oid, w = pair.new_wins, d = case when pair.new_wins then null else pair.oid end
    from pair where s.k = pair.nid
    returning 1`)) as unknown as unknown[];
  return marked.length;
}

/**
 * The update that applies the merges, as a CTE body of the insert statement, reading `p` (n: the new
 * listen's id, o, w, ms, extra: the new listen's ms_played and extra): when the new row wins, the old
 * canonical listen (and its own duplicates) point at it; when it loses (it was inserted pointing at the old
 * one), the old one gains the import's ms_played and reason fields (import-export-formats.md §1.4.5).
 */
export function applyMergesSql(userId: number): SQL {
  return sql`
    update listens l set duplicate_of = case when x.canon is null then l.duplicate_of else x.canon end,
      ms_played = coalesce(x.ms, l.ms_played),
      extra = case when x.merged is null then l.extra else coalesce(l.extra, '{}'::jsonb) || jsonb_build_object('merged', x.merged) end
    from (
      select p.o as target, p.n as canon, null::int as ms, null::jsonb as merged from p where p.w
      union all
      select d.id, p.n, null, null from p join listens d on d.user_id = ${userId} and d.duplicate_of = p.o where p.w
      union all
      select p.o, null, p.ms, p.extra from p where not p.w and p.extra is not null
    ) x
    where l.user_id = ${userId} and l.id = x.target`;
}
