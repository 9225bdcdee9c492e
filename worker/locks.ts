import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

/** Returns a release function, or null when someone else holds the lock. */
export type Locker = (key: string, ttlMs: number) => Promise<(() => Promise<void>) | null>;

// Delete only if the value is still ours: after a TTL expiry another worker may hold the key.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function redisLocker(redis: Redis, prefix: string): Locker {
  return async (key, ttlMs) => {
    const token = randomBytes(8).toString("hex");
    const full = `${prefix}:lock:${key}`;
    const ok = await redis.set(full, token, "PX", ttlMs, "NX");
    if (ok !== "OK") return null;
    return async () => {
      await redis.eval(RELEASE, 1, full, token).catch(() => {});
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
