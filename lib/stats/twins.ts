import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { ListenSource } from "@/db/schema";
import { normalizeArtist, normalizeTitle } from "@/lib/catalog/normalize";
import { rows } from "./sources";

type Row = { id: number; title: string; artist: string };

/**
 * The same recording can sit in the catalog twice (one track per service when neither ISRC nor duration
 * matched), so a top list shows two identical rows. Those rows — and only those — get the services the
 * person heard each one on, for a badge that tells them apart; an admin can still merge the pair.
 */
export async function sourcesOfTwins<T extends Row>(
  db: Db,
  userId: number,
  items: T[],
): Promise<(T & { sources?: ListenSource[] })[]> {
  const key = (r: Row) => `${normalizeArtist(r.artist)}\u0000${normalizeTitle(r.title)}`;
  const seen = new Map<string, number>();
  for (const r of items) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
  const twins = items.filter((r) => (seen.get(key(r)) ?? 0) > 1).map((r) => r.id);
  if (twins.length === 0) return items;
  const found = await rows<{ track_id: number; sources: ListenSource[] }>(
    db,
    sql`select track_id, array_agg(distinct source order by source) as sources from listens
      where user_id = ${userId} and track_id in ${twins} and duplicate_of is null group by track_id`,
  );
  const byId = new Map(found.map((f) => [f.track_id, f.sources]));
  return items.map((r) => (byId.has(r.id) ? { ...r, sources: byId.get(r.id) } : r));
}
