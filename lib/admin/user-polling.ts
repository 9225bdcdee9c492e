import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { schedulePolling, unschedulePolling } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";

type Conn = { userId: number; provider: "spotify" | "yandex"; status: string };

export async function userConnections(db: Db, userId: number): Promise<Conn[]> {
  return db
    .select({ userId: connections.userId, provider: connections.provider, status: connections.status })
    .from(connections)
    .where(eq(connections.userId, userId));
}

/**
 * After the database change has committed: a disabled or deleted user's schedulers go at once (the poll
 * jobs also skip disabled users, so a failure here only costs a few no-op polls); re-enabling brings
 * back the schedulers of connections that are still active.
 */
export async function syncUserPolling(conns: Conn[], enabled: boolean): Promise<void> {
  for (const c of conns) {
    try {
      if (enabled && c.status === "active") await schedulePolling(c);
      else if (!enabled) await unschedulePolling(c);
    } catch (err) {
      log.warn("admin: scheduler update failed", {
        userId: c.userId,
        provider: c.provider,
        err: String(err),
      });
    }
  }
}
