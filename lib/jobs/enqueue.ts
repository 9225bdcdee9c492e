import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { imports } from "@/db/schema";
import { log } from "@/lib/log";
import {
  BACKGROUND_PRIORITY,
  enrichJobOptions,
  JOBS,
  jobIds,
  OUTBOX_SWEEP_MS,
  POLL_DEFAULT_MS,
  POLL_MAX_MS,
  POLL_MIN_MS,
  type PollSource,
  pollJobOptions,
  QUEUES,
  RECONCILE_EVERY_MS,
  SYNC_LIKES_EVERY_MS,
} from "./contract";
import { inlineRunner } from "./inline-hook";
import { defaultJobsContext, getQueue, type JobsContext } from "./queues";

/**
 * Producers used by web and worker alike. Each takes an optional context (tests pass their own prefix);
 * without Redis the jobs go to the in-process runner instead.
 */
type Ctx = JobsContext | null | undefined;
const resolve = (ctx: Ctx) => (ctx === undefined ? defaultJobsContext() : ctx);

const queueOf = (source: PollSource) => (source === "spotify" ? QUEUES.spotify : QUEUES.yandex);
export const clampPollMs = (ms: number) => Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, Math.round(ms)));

/**
 * Registers (or moves) the poll scheduler of one connection. Idempotent: the scheduler id is the
 * connection's poll id, so connecting twice or restarting the worker never makes a second one.
 * `everyMs` changes the cadence; the first poll after a change runs `everyMs` from now, not at once.
 */
export async function schedulePolling(
  conn: { userId: number; provider: PollSource },
  opts: { everyMs?: number; immediately?: boolean } = {},
  ctx?: Ctx,
): Promise<void> {
  const c = resolve(ctx);
  if (!c) {
    inlineRunner()?.schedule(conn.provider, conn.userId, { soon: opts.immediately });
    // As below: a new connection's recent history now, not at the next periodic reconcile.
    if (opts.immediately && opts.everyMs === undefined && conn.provider === "spotify")
      await enqueueReconciles([conn.userId], "connect", null);
    return;
  }
  const every = clampPollMs(opts.everyMs ?? POLL_DEFAULT_MS);
  const q = getQueue(c, queueOf(conn.provider));
  const start = Date.now() + (opts.immediately ? 0 : every);
  await q.upsertJobScheduler(
    jobIds.poll(conn.provider, conn.userId),
    // The offset is given, not left to BullMQ: when `every` changes while the next poll is queued, BullMQ
    // keeps the old cadence's offset, and a poll that ran late (a busy worker, a restart) is then put off
    // by it: an idle user's 5-minute offset applied to a 10 s cadence. (A 0 offset reads as "none"; one
    // full period aligns the same.)
    { every, startDate: start, offset: start % every || every },
    { name: JOBS.poll, data: { userId: conn.userId, source: conn.provider }, opts: pollJobOptions },
  );
  if (opts.everyMs !== undefined) return;
  // First registration also brings the slower periodic jobs of this connection, each starting at a random
  // point of its period: connections registered together (a worker start after Redis lost its data) must
  // not all reconcile in the same second every 15 minutes.
  const background = { ...pollJobOptions, priority: BACKGROUND_PRIORITY };
  const spread = (every: number) => Date.now() + Math.floor(Math.random() * every);
  if (conn.provider === "spotify") {
    await q.upsertJobScheduler(
      jobIds.reconcile(conn.userId),
      { every: RECONCILE_EVERY_MS, startDate: spread(RECONCILE_EVERY_MS) },
      { name: JOBS.reconcile, data: { userId: conn.userId, reason: "periodic" }, opts: background },
    );
    // The periodic reconcile may be 15 minutes away: a new connection's recent history is fetched now.
    if (opts.immediately) await enqueueReconciles([conn.userId], "connect", c);
  }
  await q.upsertJobScheduler(
    jobIds.syncLikes(conn.provider, conn.userId),
    { every: SYNC_LIKES_EVERY_MS, startDate: spread(SYNC_LIKES_EVERY_MS) },
    { name: JOBS.syncLikes, data: { userId: conn.userId, source: conn.provider }, opts: background },
  );
}

/** On disconnect, needs_reauth or a disabled user: no more polls, reconciles or like syncs. */
export async function unschedulePolling(
  conn: { userId: number; provider: PollSource },
  ctx?: Ctx,
): Promise<void> {
  const c = resolve(ctx);
  if (!c) return inlineRunner()?.unschedule(conn.provider, conn.userId);
  const q = getQueue(c, queueOf(conn.provider));
  await q.removeJobScheduler(jobIds.poll(conn.provider, conn.userId));
  await q.removeJobScheduler(jobIds.syncLikes(conn.provider, conn.userId));
  if (conn.provider === "spotify") await q.removeJobScheduler(jobIds.reconcile(conn.userId));
}

type ReconcileReason = "start" | "connect" | "gap" | "reauth" | "manual";

/** A one-off reconcile (worker start, after a polling gap, after re-authorisation). */
export async function enqueueReconcile(userId: number, reason: ReconcileReason, ctx?: Ctx): Promise<void> {
  await enqueueReconciles([userId], reason, ctx);
}

/**
 * One-off reconciles for many users in one round trip, behind polls (BACKGROUND_PRIORITY); `spreadMs`
 * delays each by a random part of it, so a worker start does not fetch everyone's history at once.
 */
export async function enqueueReconciles(
  userIds: number[],
  reason: ReconcileReason,
  ctx?: Ctx,
  opts: { spreadMs?: number } = {},
): Promise<void> {
  const c = resolve(ctx);
  if (!userIds.length) return;
  if (!c) {
    for (const userId of userIds) inlineRunner()?.enqueue(JOBS.reconcile, { userId, reason });
    return;
  }
  await getQueue(c, QUEUES.spotify).addBulk(
    userIds.map((userId) => ({
      name: JOBS.reconcile,
      data: { userId, reason },
      opts: {
        jobId: jobIds.reconcile(userId),
        attempts: 3,
        backoff: { type: "exponential", delay: 10_000 },
        removeOnComplete: true,
        priority: BACKGROUND_PRIORITY,
        ...(opts.spreadMs ? { delay: Math.floor(Math.random() * opts.spreadMs) } : {}),
      },
    })),
  );
  if (opts.spreadMs) return;
  // A reconcile wanted now (a gap, a new connection) shares its job id with the start-up one, which may
  // still be waiting out its spread (up to 5 minutes): the add above was then ignored, so run that one now.
  const q = getQueue(c, QUEUES.spotify);
  for (const userId of userIds) {
    const job = await q.getJob(jobIds.reconcile(userId));
    if (job && (await job.isDelayed())) await job.promote().catch(() => {}); // it may have just started
  }
}

/** Lyrics and genres for one track; concurrent requests for the same track collapse into one job. */
export async function enqueueEnrich(trackId: number, opts: { force?: boolean } = {}, ctx?: Ctx) {
  const c = resolve(ctx);
  const data = { trackId, ...(opts.force ? { force: true } : {}) };
  if (!c) return inlineRunner()?.enqueue(JOBS.enrichTrack, data);
  await getQueue(c, QUEUES.enrich).add(JOBS.enrichTrack, data, {
    ...enrichJobOptions,
    jobId: jobIds.enrich(trackId),
  });
}

/** One job per import row, so a retry of the same import is a no-op. */
export async function enqueueImport(importId: number, ctx?: Ctx): Promise<void> {
  const c = resolve(ctx);
  const data = { importId };
  if (!c) return inlineRunner()?.enqueue(JOBS.import, data);
  const [imp] = await getDb()
    .select({ userId: imports.userId })
    .from(imports)
    .where(eq(imports.id, importId));
  if (!imp) return;
  await getQueue(c, QUEUES.imports).add(JOBS.import, data, {
    jobId: jobIds.import(imp.userId, importId),
    attempts: 3,
    backoff: { type: "exponential", delay: 15_000 },
  });
}

/** Like sync right after connecting, besides the periodic one. */
export async function enqueueSyncLikes(source: PollSource, userId: number, ctx?: Ctx): Promise<void> {
  const c = resolve(ctx);
  const data = { userId, source };
  if (!c) return inlineRunner()?.enqueue(JOBS.syncLikes, data);
  await getQueue(c, queueOf(source))
    .add(JOBS.syncLikes, data, {
      jobId: jobIds.syncLikes(source, userId),
      removeOnComplete: true,
      attempts: 3,
      priority: BACKGROUND_PRIORITY,
    })
    .catch((err: unknown) => log.warn("sync-likes enqueue failed", { userId, err: String(err) }));
}

/**
 * Delivery of one forwarding target now (after connecting, a back-fill, a reconnect); the sweep finds
 * everything else (new listens, retries that came due). Without Redis the in-process sweep does it.
 */
export async function enqueueOutbox(targetId: number, ctx?: Ctx): Promise<void> {
  const c = resolve(ctx);
  if (!c) return inlineRunner()?.enqueue(JOBS.outboxSweep, {});
  await getQueue(c, QUEUES.outbox).add(
    JOBS.outboxDeliver,
    { targetId },
    // The outbox keeps its own retry state (retry_at, backoff); BullMQ only runs it.
    { jobId: jobIds.outbox(targetId), attempts: 1, removeOnComplete: true },
  );
}

/**
 * The periodic outbox sweep, registered once per worker start (idempotent: one scheduler id), and one sweep
 * now: a worker that replaces a dead one picks up its target's in-flight batch at once, not a period later.
 */
export async function scheduleOutboxSweep(ctx: JobsContext): Promise<void> {
  const q = getQueue(ctx, QUEUES.outbox);
  await q.add(JOBS.outboxSweep, {}, { removeOnComplete: true, attempts: 1 });
  await q.upsertJobScheduler(
    jobIds.outboxSweep,
    { every: OUTBOX_SWEEP_MS },
    { name: JOBS.outboxSweep, data: {}, opts: { ...pollJobOptions } },
  );
}
