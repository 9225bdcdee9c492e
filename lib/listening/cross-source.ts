import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executePrepared } from "@/db/prepared";
import { canonicalOrder, type ListenLike, matchDuplicates } from "./dedupe";

/**
 * Simultaneous playback on two services (docs/listening-rules.md §7.1): the same song heard on Spotify and
 * on Yandex Music at the same time is one physical listen. The copy heard longer (more ms played, the better
 * observed) is the listen; the other is kept with `duplicate_of` pointing at it and is not counted. Different
 * songs at the same time, and the same song at different times, stay separate listens. The rule itself is
 * lib/listening/dedupe.ts (the one home of §7); this is its edge for live listens, run by the writer in the
 * transaction that inserts them.
 */

// Serialises the cross-source check of one user across providers (the per-provider lock of write.ts does
// not): a Spotify and a Yandex writer finishing the same song at once must see each other's row.
const CROSS_LOCK = 4_711_003;
// Candidates are the other services' listens that started at most this long before the new ones.
const WINDOW_MS = 3600_000;

type Row = {
  id: number;
  source: string;
  origin: "live" | "history" | "import";
  started_at: string;
  ended_at: string | null;
  ms_played: number | null;
  duration_ms: number | null;
  title: string;
  artists: string[] | null;
};

const toLike = (r: Row): ListenLike & { id: number } => ({
  id: r.id,
  title: r.title,
  artists: r.artists ?? [],
  startedAt: new Date(r.started_at).getTime(),
  endedAt: r.ended_at ? new Date(r.ended_at).getTime() : null,
  durationMs: r.duration_ms,
  msPlayed: r.ms_played,
  origin: r.origin,
  source: r.source,
  hasServiceIds: r.origin !== "import",
});

const columns = sql`l.id, l.source, l.origin, l.started_at, l.ended_at, l.ms_played, t.duration_ms, t.title,
  (select array_agg(a.name order by a.id) from track_artists ta join artists a on a.id = ta.artist_id
    where ta.track_id = t.id) as artists`;

/**
 * Links each of the just-inserted counted live listens (`ids`) with the same play on another service, if
 * any: the loser points at the winner (and so do the loser's own duplicates). Returns how many were linked.
 */
export async function linkAcrossSources(db: Db, userId: number, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  await executePrepared(db, sql`select pg_advisory_xact_lock(${CROSS_LOCK}::int, ${userId}::int)`);
  const fresh = (
    await executePrepared<Row>(
      db,
      sql`select ${columns} from listens l join tracks t on t.id = l.track_id
        where l.user_id = ${userId} and l.id = any(${`{${ids.join(",")}}`}::int[])
          and not l.skipped and l.duplicate_of is null`,
    )
  ).map(toLike);
  if (!fresh.length) return 0;
  const from = new Date(Math.min(...fresh.map((l) => l.startedAt)) - WINDOW_MS).toISOString();
  const to = new Date(Math.max(...fresh.map((l) => l.endedAt ?? l.startedAt))).toISOString();
  const sources = [...new Set(fresh.map((l) => l.source))];
  const others = (
    await executePrepared<Row>(
      db,
      sql`select ${columns} from listens l join tracks t on t.id = l.track_id
        where l.user_id = ${userId} and not l.skipped and l.duplicate_of is null
          and l.source <> all(${`{${sources.join(",")}}`}::text[])
          and l.started_at between ${from}::timestamptz and ${to}::timestamptz`,
    )
  ).map(toLike);
  if (!others.length) return 0;
  const pairs = matchDuplicates(others, fresh);
  let linked = 0;
  for (const [i, e] of pairs.entries()) {
    const mine = fresh[i];
    const theirs = e == null ? undefined : others[e];
    if (!mine || !theirs) continue;
    const [winner, loser] = canonicalOrder(theirs, mine) < 0 ? [theirs, mine] : [mine, theirs];
    await executePrepared(
      db,
      sql`update listens set duplicate_of = ${winner.id}
        where user_id = ${userId} and (id = ${loser.id} or duplicate_of = ${loser.id})`,
    );
    linked++;
  }
  return linked;
}
