import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import { jobIds, QUEUES } from "@/lib/jobs/contract";
import { enqueueReconcile, schedulePolling } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";

/** Active connections of enabled users: the ones that must be polled. */
export async function activeConnections(db: Db) {
  return db
    .select({ userId: connections.userId, provider: connections.provider })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(and(eq(connections.status, "active"), isNull(users.disabledAt)));
}

/**
 * On worker start: (re)register the schedulers of every active connection and drop those of connections
 * that are gone. upsertJobScheduler is keyed by the connection's id, so restarts never duplicate a poll.
 * Spotify connections also get a reconcile, since the worker may have been down for a while.
 */
export async function registerSchedules(
  db: Db,
  ctx: JobsContext,
): Promise<{ registered: number; removed: number }> {
  const active = await activeConnections(db);
  const wanted = new Set<string>();
  for (const c of active) {
    await schedulePolling(c, {}, ctx);
    wanted.add(jobIds.poll(c.provider, c.userId));
    wanted.add(jobIds.syncLikes(c.provider, c.userId));
    if (c.provider === "spotify") {
      wanted.add(jobIds.reconcile(c.userId));
      await enqueueReconcile(c.userId, "start", ctx);
    }
  }
  let removed = 0;
  for (const name of [QUEUES.spotify, QUEUES.yandex] as const) {
    const q = getQueue(ctx, name);
    for (const s of await q.getJobSchedulers(0, -1)) {
      if (s.key && !wanted.has(s.key)) {
        await q.removeJobScheduler(s.key);
        removed++;
      }
    }
  }
  return { registered: active.length, removed };
}
