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
 * On worker start (`initial`): (re)register the schedulers of every active connection and drop those of
 * connections that are gone. upsertJobScheduler is keyed by the connection, so restarts never duplicate a
 * poll; Spotify connections also get a reconcile, since the worker may have been down for a while.
 * Every minute after that (not initial): only add what is missing and drop what is no longer active, so a
 * connection made, lost (needs_reauth) or disabled anywhere is picked up without touching live cadences.
 */
export async function registerSchedules(
  db: Db,
  ctx: JobsContext,
  opts: { initial?: boolean } = { initial: true },
): Promise<{ registered: number; removed: number }> {
  const active = await activeConnections(db);
  const existing = new Set<string>();
  for (const name of [QUEUES.spotify, QUEUES.yandex] as const) {
    for (const s of await getQueue(ctx, name).getJobSchedulers(0, -1)) if (s.key) existing.add(s.key);
  }
  const wanted = new Set<string>();
  let registered = 0;
  for (const c of active) {
    const pollId = jobIds.poll(c.provider, c.userId);
    if (opts.initial || !existing.has(pollId)) {
      await schedulePolling(c, { immediately: true }, ctx);
      registered++;
      if (c.provider === "spotify") await enqueueReconcile(c.userId, "start", ctx);
    }
    wanted.add(pollId);
    wanted.add(jobIds.syncLikes(c.provider, c.userId));
    if (c.provider === "spotify") wanted.add(jobIds.reconcile(c.userId));
  }
  let removed = 0;
  for (const name of [QUEUES.spotify, QUEUES.yandex] as const) {
    const q = getQueue(ctx, name);
    for (const key of existing) {
      if (wanted.has(key) || !(await q.getJobScheduler(key))) continue;
      await q.removeJobScheduler(key);
      removed++;
    }
  }
  return { registered, removed };
}
