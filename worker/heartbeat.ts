import { hostname } from "node:os";
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { flushCounters } from "@/lib/jobs/counters";

export const workerId = `${hostname()}:${process.pid}`;

/** Every few seconds: say we are alive (health check) and flush the counters. */
export async function beat(db: Db, mode: "bullmq" | "inline"): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ workerId, mode })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { seenAt: sql`now()` } });
  await flushCounters(db);
}

export async function forget(db: Db): Promise<void> {
  await flushCounters(db).catch(() => {});
  // Rows of dead processes would pile up across restarts; a day is plenty of history.
  await db
    .delete(workerHeartbeats)
    .where(lt(workerHeartbeats.seenAt, new Date(Date.now() - 24 * 3600_000)))
    .catch(() => {});
  await db
    .delete(workerHeartbeats)
    .where(sql`${workerHeartbeats.workerId} = ${workerId}`)
    .catch(() => {});
}
