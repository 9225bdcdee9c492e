/**
 * A provider-wide pause after a 429: Spotify's quota belongs to the developer account, so one 429 must stop
 * every caller of the instance (web and all workers) until Retry-After has passed (spotify-api.md §6).
 * With REDIS_URL the deadline lives in Redis (shared by all processes); otherwise in this process.
 */
import { Redis } from "ioredis";
import { env } from "@/lib/env";

export type PauseStore = {
  /** Epoch ms until which calls must wait, or 0. */
  until(): Promise<number>;
  /** Extends the pause to `untilMs` (never shortens it). */
  pauseUntil(untilMs: number): Promise<void>;
};

export function memoryPause(): PauseStore {
  let deadline = 0;
  return {
    until: async () => (deadline > Date.now() ? deadline : 0),
    pauseUntil: async (untilMs) => {
      deadline = Math.max(deadline, untilMs);
    },
  };
}

// Only raise the deadline: a shorter Retry-After from a parallel caller must not cut a long pause short.
const RAISE = `local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;

// How long a process trusts its last read of the shared deadline: a poll checks the pause before every
// Spotify call (500/s at 5,000 users), and a 429 elsewhere still stops this process within this time.
export const PAUSE_CACHE_MS = 1_000;

export function redisPause(redis: Redis, key: string, opts: { cacheMs?: number } = {}): PauseStore {
  const cacheMs = opts.cacheMs ?? PAUSE_CACHE_MS;
  let known = 0; // the deadline as last read or raised here
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | null = null;
  const refresh = () => {
    // Callers of the same moment share one GET.
    reading ??= redis
      .get(key)
      .then((v) => {
        // A raise made here while the GET was in flight must survive it.
        known = Math.max(known, Number(v ?? 0));
      })
      .catch(() => {})
      .finally(() => {
        readAt = Date.now();
        reading = null;
      });
    return reading;
  };
  return {
    async until() {
      if (Date.now() - readAt >= cacheMs) await refresh();
      return known > Date.now() ? known : 0;
    },
    async pauseUntil(untilMs) {
      // This process stops at once; the others see it at their next read.
      known = Math.max(known, untilMs);
      const ttl = Math.max(1, untilMs - Date.now());
      await redis.eval(RAISE, 1, key, String(untilMs), String(ttl)).catch(() => {});
    },
  };
}

const holder = globalThis as unknown as { __mtPauses?: Map<string, PauseStore>; __mtPauseRedis?: Redis };

/**
 * The process-wide pause for a provider ("spotify"). Keyed under JOBS_PREFIX (default "musictrace"), so an
 * instance's web and workers share it while test runs and other instances on the same Redis do not.
 */
export function sharedPause(name: string, prefix = env().JOBS_PREFIX): PauseStore {
  holder.__mtPauses ??= new Map();
  const key = `${prefix}:${name}:pause-until`;
  let store = holder.__mtPauses.get(key);
  if (!store) {
    const url = env().REDIS_URL;
    if (url) {
      if (!holder.__mtPauseRedis) {
        holder.__mtPauseRedis = new Redis(url, { maxRetriesPerRequest: 1 });
        // A Redis outage must not crash the web process; calls then simply see no pause.
        holder.__mtPauseRedis.on("error", () => {});
      }
      store = redisPause(holder.__mtPauseRedis, key);
    } else store = memoryPause();
    holder.__mtPauses.set(key, store);
  }
  return store;
}

/** Closes the shared pauses' Redis connection, if one was opened (the app's stop). */
export async function closeSharedPauses(): Promise<void> {
  const redis = holder.__mtPauseRedis;
  holder.__mtPauseRedis = undefined;
  holder.__mtPauses = undefined;
  await redis?.quit().catch(() => {});
}
