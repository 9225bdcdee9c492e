import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import { usableConnection } from "@/lib/connections/store";
import { jobIds, QUEUES, START_RECONCILE_SPREAD_MS } from "@/lib/jobs/contract";
import { enqueueReconciles, schedulePolling } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";

const REGISTER_BATCH = 32;

/** Active connections of enabled users: the ones that must be polled. */
export async function activeConnections(db: Db) {
  return db
    .select({ userId: connections.userId, provider: connections.provider })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(usableConnection());
}

/**
 * On worker start (`initial`) and every minute after: register the schedulers of active connections that
 * have none, and drop those of connections that are gone. upsertJobScheduler is keyed by the connection,
 * so restarts never duplicate a poll, and existing schedulers keep their cadence across restarts (they live
 * in Redis). A connection made, lost (needs_reauth) or disabled anywhere is picked up within a minute.
 * On start every Spotify connection is also reconciled, since the worker may have been down for a while:
 * spread over START_RECONCILE_SPREAD_MS and behind polls, so thousands of them never hold up polling.
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
  if (opts.initial) {
    const spotify = active.filter((c) => c.provider === "spotify").map((c) => c.userId);
    await enqueueReconciles(spotify, "start", ctx, { spreadMs: START_RECONCILE_SPREAD_MS });
  }
  const missing = active.filter((c) => !existing.has(jobIds.poll(c.provider, c.userId)));
  // A few at a time: one by one, each waiting behind the polls this worker runs, thousands took minutes.
  for (let i = 0; i < missing.length; i += REGISTER_BATCH) {
    await Promise.all(
      missing.slice(i, i + REGISTER_BATCH).map((c) => schedulePolling(c, { immediately: true }, ctx)),
    );
  }
  const wanted = new Set<string>();
  for (const c of active) {
    wanted.add(jobIds.poll(c.provider, c.userId));
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
  return { registered: missing.length, removed };
}
