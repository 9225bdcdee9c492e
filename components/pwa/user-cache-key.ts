import { createHash } from "node:crypto";

/**
 * Names the service worker's per-person cache. A hash, not the id, so cache names don't enumerate accounts;
 * it is a label, not a secret: the cache is private to this browser profile anyway.
 */
export function userCacheKey(userId: number): string {
  return createHash("sha256").update(`musictrace-user:${userId}`).digest("hex").slice(0, 32);
}
