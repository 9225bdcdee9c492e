import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth";
import { type RangeKey, type StatsParams, type StatsQuery, statsParams } from "./params";
import { rows } from "./sources";

/*
 * Per-process cache of stats answers. An entry is reused only while the user's stats version (bumped by a
 * trigger on every change to their listens) is unchanged and for at most TTL_MS, which bounds how far
 * "now"-relative windows and catalog edits (genres arriving later) can lag.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;
const store = new Map<string, { version: string; at: number; value: unknown }>();

export async function statsVersion(db: Db, userId: number): Promise<string> {
  const [row] = await rows<{ v: string }>(
    db,
    sql`select version::text as v from stats_versions where user_id = ${userId}`,
  );
  return row?.v ?? "0";
}

export async function withStatsCache<T>(
  db: Db,
  userId: number,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const version = await statsVersion(db, userId);
  const k = `${userId}\u0000${key}`;
  const hit = store.get(k);
  if (hit && hit.version === version && Date.now() - hit.at < TTL_MS) return hit.value as T;
  const value = await compute();
  store.delete(k);
  store.set(k, { version, at: Date.now(), value });
  if (store.size > MAX_ENTRIES) {
    const oldest = store.keys().next().value;
    if (oldest !== undefined) store.delete(oldest);
  }
  return value;
}

/** The route-side entry: resolve range, source and zone for the user, then answer from cache or compute. */
export function cachedStats<T>(
  db: Db,
  user: Pick<SessionUser, "id" | "timeZone">,
  name: string,
  query: StatsQuery & Record<string, unknown>,
  compute: (p: StatsParams) => Promise<T>,
  opts: { defaultRange?: RangeKey } = {},
): Promise<T> {
  const p = statsParams(user, query, opts);
  return withStatsCache(db, user.id, `${name}|${p.tz}|${JSON.stringify(query)}`, () => compute(p));
}
