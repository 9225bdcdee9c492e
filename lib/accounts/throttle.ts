import { and, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";

// Failed sign-ins allowed per window, per username and per client address.
export const THROTTLE = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 20 } as const;

function keys(username: string, address: string) {
  return { user: `user:${username.trim().toLowerCase()}`, addr: `addr:${address}` };
}

/** Seconds until the next attempt is allowed, or 0 when the caller may try now. */
export async function signInRetryAfter(db: Db, username: string, address: string, now = new Date()) {
  const k = keys(username, address);
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const rows = await db
    .select({
      key: loginAttempts.key,
      count: sql<number>`count(*)::int`,
      oldest: sql<Date>`min(${loginAttempts.attemptedAt})`,
    })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, [k.user, k.addr]), gt(loginAttempts.attemptedAt, since)))
    .groupBy(loginAttempts.key);
  let wait = 0;
  for (const r of rows) {
    const limit = r.key === k.user ? THROTTLE.perUsername : THROTTLE.perAddress;
    if (r.count >= limit) {
      const until = new Date(r.oldest).getTime() + THROTTLE.windowMs;
      wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordFailedSignIn(db: Db, username: string, address: string): Promise<void> {
  const k = keys(username, address);
  await db.insert(loginAttempts).values([{ key: k.user }, { key: k.addr }]);
  // Old rows are useless; trimming here keeps the table tiny without a cron job.
  await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.attemptedAt, new Date(Date.now() - THROTTLE.windowMs)));
}

export async function clearFailedSignIns(db: Db, username: string): Promise<void> {
  await db.delete(loginAttempts).where(inArray(loginAttempts.key, [keys(username, "").user]));
}
