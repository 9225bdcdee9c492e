import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { RateLimited } from "@/lib/errors";

/**
 * Every limit of the app, on rate-limiter-flexible's PostgreSQL store (table rate_limits, shared by all
 * web processes, also in the default no-Redis mode). A consume is one atomic upsert, so parallel requests
 * cannot slip past the count: callers consume *before* doing the work (or checking the password).
 */
export const LIMITS = {
  // Failed sign-ins of one username from one address: the classic brute force.
  signInUserAddress: { points: 5, duration: 15 * 60 },
  // Failed sign-ins of one username from anywhere: guessing spread over many addresses.
  signInUser: { points: 30, duration: 60 * 60 },
  // Failed sign-ins from one address over all usernames: password spraying.
  signInAddress: { points: 50, duration: 60 * 60 },
  // Failed sign-ins from a browser that has signed in as this user before (see sign-in.ts): replaces the
  // three above, so an attacker who exhausts them cannot lock the owner out of their own devices.
  signInDevice: { points: 10, duration: 15 * 60 },
  // Wrong current passwords in Settings (change password, delete account): a borrowed browser must not
  // become a way to guess it.
  currentPassword: { points: 10, duration: 15 * 60 },
  register: { points: 10, duration: 60 * 60 },
  upload: { points: 30, duration: 60 * 60 },
  lyrics: { points: 120, duration: 60 },
  // ListenBrainz-compatible API calls per user (a player scrobbles a few a minute; a back-fill of
  // 1,000-listen imports runs at this pace).
  listenbrainz: { points: 120, duration: 60 },
  // Share-link tokens that open nothing, per address: a token is 256 random bits, so this only keeps a
  // prober from turning /s/ into free database load.
  shareMiss: { points: 30, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

const MESSAGES: Record<LimitName, string> = {
  signInUserAddress: "Too many failed sign-in attempts.",
  signInUser: "Too many failed sign-in attempts.",
  signInAddress: "Too many failed sign-in attempts.",
  signInDevice: "Too many failed sign-in attempts.",
  currentPassword: "Too many wrong passwords.",
  register: "Too many registrations from this address.",
  upload: "Too many uploads.",
  lyrics: "Too many lyrics look-ups.",
  listenbrainz: "Too many API requests.",
  shareMiss: "Too many unknown links.",
};

// The store speaks node-postgres's `query({text, values}) → {rows}`; this adapts postgres.js to it and
// looks the pool up per query, so a closed and reopened pool (tests, app restart) is picked up.
const store = {
  async query(q: { text: string; values?: unknown[] }) {
    const rows = await getDb().$client.unsafe(q.text, (q.values ?? []) as never[]);
    // get() and delete() read rowCount (no row: null, not a crash on rows[0]).
    return { rows, rowCount: rows.count ?? rows.length };
  },
};

const limiters = new Map<LimitName, RateLimiterPostgres>();

function limiter(name: LimitName): RateLimiterPostgres {
  let l = limiters.get(name);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: store,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // by the migration
      keyPrefix: name,
      points: Math.round(LIMITS[name].points * env().RATE_LIMIT_SCALE),
      duration: LIMITS[name].duration,
    });
    limiters.set(name, l);
  }
  return l;
}

// Keys hold attacker-chosen text (usernames): hashed, they fit the column and never reach a log.
const keyOf = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 40);

function retryMessage(name: LimitName, seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `${MESSAGES[name]} Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Where the last limit consumed stands (APIs that report it in headers, as ListenBrainz's does). */
export type LimitState = { limit: number; remaining: number; resetMs: number };

/** Takes a point from each limit in turn; the first one exhausted throws RateLimited (429). */
export async function consume(...checks: [LimitName, string][]): Promise<LimitState | null> {
  let state: LimitState | null = null;
  for (const [name, id] of checks) {
    try {
      const l = limiter(name);
      const res = await l.consume(keyOf(id));
      state = { limit: l.points, remaining: res.remainingPoints, resetMs: res.msBeforeNext };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new RateLimited(retryMessage(name, seconds), seconds);
    }
  }
  return state;
}

/** Whether a limit is used up for this key, without taking a point. */
export async function exhausted(name: LimitName, id: string): Promise<boolean> {
  const l = limiter(name);
  const res = await l.get(keyOf(id));
  return (res?.consumedPoints ?? 0) >= l.points;
}

/** Gives back the point an attempt took (it turned out fine). */
export async function reward(name: LimitName, id: string): Promise<void> {
  await limiter(name).reward(keyOf(id));
}

/** Forgets a key's count (a correct password ends a run of failures). */
export async function forget(name: LimitName, id: string): Promise<void> {
  await limiter(name).delete(keyOf(id));
}
