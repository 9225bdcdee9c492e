import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { coalesce, POLL_LINGER_MS } from "@/lib/coalesce";

/** Returns a release function, or null when someone else holds the lock. */
export type Locker = (key: string, ttlMs: number) => Promise<(() => Promise<void>) | null>;

// Take each free key (SET NX PX) and say which were taken; many locks of concurrent polls in one script.
const TAKE = `local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call("set", key, ARGV[2 * i - 1], "PX", ARGV[2 * i], "NX") and 1 or 0
end
return out`;
// Delete only keys whose value is still ours: after a TTL expiry another worker may hold the key.
const RELEASE = `for i, key in ipairs(KEYS) do
  if redis.call("get", key) == ARGV[i] then redis.call("del", key) end
end
return 0`;

type Held = { key: string; token: string; ttlMs: number };

// A lock's token only has to differ from every other holder's: this process's random id and a counter
// (no random bytes per poll).
const PROCESS_ID = randomBytes(8).toString("hex");
let taken = 0;

/**
 * Locks in Redis, shared by all workers. Concurrent polls take and release theirs together (lib/coalesce.ts):
 * one script per batch instead of two round trips per poll.
 */
export function redisLocker(redis: Redis, prefix: string): Locker {
  const take = coalesce(
    async (items: Held[]) => {
      const took = (await redis.eval(
        TAKE,
        items.length,
        ...items.map((i) => i.key),
        ...items.flatMap((i) => [i.token, String(i.ttlMs)]),
      )) as number[];
      return items.map((_, n) => took[n] === 1);
    },
    { lingerMs: POLL_LINGER_MS, name: "lock takes" },
  );
  const release = coalesce(
    async (items: Held[]) => {
      await redis.eval(RELEASE, items.length, ...items.map((i) => i.key), ...items.map((i) => i.token));
      return items.map(() => undefined);
    },
    { lingerMs: POLL_LINGER_MS, name: "lock releases" },
  );
  return async (key, ttlMs) => {
    const held = { key: `${prefix}:lock:${key}`, token: `${PROCESS_ID}:${++taken}`, ttlMs };
    if (!(await take(held))) return null;
    return async () => {
      await release(held).catch(() => {});
    };
  };
}

/** No-Redis mode: one process, so an in-memory set is the whole truth. */
export function memoryLocker(): Locker {
  const held = new Set<string>();
  return async (key) => {
    if (held.has(key)) return null;
    held.add(key);
    return async () => {
      held.delete(key);
    };
  };
}
