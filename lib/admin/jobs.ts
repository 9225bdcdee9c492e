import type { Queue } from "bullmq";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { connections, jobCounters, users, workerHeartbeats } from "@/db/schema";
import { Conflict, NotFound } from "@/lib/errors";
import { jobIds, type PollSource, QUEUES, type QueueName } from "@/lib/jobs/contract";
import { defaultJobsContext, getQueue, type JobsContext } from "@/lib/jobs/queues";
import { writeAudit } from "./audit";

const QUEUE_NAMES = Object.values(QUEUES) as QueueName[];
const COUNT_TYPES = ["waiting", "active", "delayed", "prioritized", "failed", "completed"] as const;

export const failedQuery = z.object({
  queue: z.enum(QUEUE_NAMES as [QueueName, ...QueueName[]]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** Worker liveness and counters live in PostgreSQL, so they show in both modes. */
async function workerState(db: Db) {
  const [workers, counters] = await Promise.all([
    db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.seenAt)).limit(20),
    db.select().from(jobCounters).orderBy(jobCounters.name),
  ]);
  return { workers, counters };
}

export type FailedJob = {
  queue: QueueName;
  id: string;
  name: string;
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  timestamp: number;
  finishedOn: number | null;
  stack: string | null;
};

async function failedJobs(q: Queue, name: QueueName, limit: number): Promise<FailedJob[]> {
  const jobs = await q.getFailed(0, limit - 1);
  return jobs.map((j) => ({
    queue: name,
    id: String(j.id),
    name: j.name,
    data: j.data,
    failedReason: j.failedReason ?? "",
    attemptsMade: j.attemptsMade,
    timestamp: j.timestamp,
    finishedOn: j.finishedOn ?? null,
    // The first frames are enough to recognise a failure; whole stacks would bloat the page.
    stack: j.stacktrace?.[0]?.split("\n").slice(0, 6).join("\n") ?? null,
  }));
}

/** Queue counts and the newest failed jobs, or `mode: "inline"` when there is no Redis. */
export async function jobsOverview(db: Db, q: z.infer<typeof failedQuery>, ctx = defaultJobsContext()) {
  const worker = await workerState(db);
  if (!ctx) return { mode: "inline" as const, queues: [], failed: [], ...worker };
  const names = q.queue ? [q.queue] : QUEUE_NAMES;
  const queues = await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const queue = getQueue(ctx, name);
      const [counts, paused] = await Promise.all([queue.getJobCounts(...COUNT_TYPES), queue.isPaused()]);
      return { name, paused, counts };
    }),
  );
  const failed = (await Promise.all(names.map((n) => failedJobs(getQueue(ctx, n), n, q.limit))))
    .flat()
    .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
    .slice(0, q.limit);
  return { mode: "bullmq" as const, queues, failed, ...worker };
}

export const retryBody = z.object({
  queue: z.enum(QUEUE_NAMES as [QueueName, ...QueueName[]]),
  jobId: z.string().min(1).max(300),
});

/** The audit row is written first and the retry runs inside its transaction: a failed retry logs nothing. */
export async function adminRetryJob(
  db: Db,
  actorId: number,
  body: z.infer<typeof retryBody>,
  ctx = defaultJobsContext(),
) {
  if (!ctx) throw new Conflict("Jobs run in-process on this instance; there is no queue to retry from");
  const job = await getQueue(ctx, body.queue).getJob(body.jobId);
  if (!job) throw new NotFound("No such job");
  const state = await job.getState();
  if (state !== "failed") throw new Conflict(`Only failed jobs can be retried (this one is ${state})`);
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      actorId,
      action: "job.retry",
      target: `job:${body.queue}:${body.jobId}`,
      before: { state, failedReason: job.failedReason, attemptsMade: job.attemptsMade },
    });
    await job.retry("failed");
  });
  return { queue: body.queue, jobId: body.jobId, state: await job.getState() };
}

type SchedulerInfo = { id: string; every: number | null; next: number | null };

function schedulerConnections(db: Db) {
  return db
    .select({
      id: connections.id,
      userId: connections.userId,
      username: users.username,
      userDisabled: sql<boolean>`${users.disabledAt} is not null`,
      provider: connections.provider,
      status: connections.status,
      lastPollAt: connections.lastPollAt,
      lastSuccessAt: connections.lastSuccessAt,
      lastError: connections.lastError,
    })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .orderBy(connections.userId, connections.provider)
    .limit(500);
}

/** A periodic job a connection should have; `present` says whether Redis holds it (every/next then too). */
export type ScheduledJob = {
  kind: string;
  id: string;
  present: boolean;
  every?: number | null;
  next?: number | null;
};

export type SchedulerRow = Awaited<ReturnType<typeof schedulerConnections>>[number] & {
  schedulers: ScheduledJob[];
  /** Whether polling matches the connection's state; absent when jobs run in-process. */
  health?: "ok" | "missing" | "orphaned";
};

export type SchedulerStatus = { mode: "inline" | "bullmq"; connections: SchedulerRow[] };

/** Scheduler status per connection: which of its periodic jobs exist in Redis and when each runs next. */
export async function schedulerStatus(
  db: Db,
  ctx: JobsContext | null = defaultJobsContext(),
): Promise<SchedulerStatus> {
  const conns = await schedulerConnections(db);
  if (!ctx) return { mode: "inline" as const, connections: conns.map((c) => ({ ...c, schedulers: [] })) };
  const known = new Map<string, SchedulerInfo>();
  for (const name of [QUEUES.spotify, QUEUES.yandex]) {
    for (const s of await getQueue(ctx, name).getJobSchedulers(0, -1)) {
      const id = s.id ?? s.key;
      known.set(id, { id, every: s.every ?? null, next: s.next ?? null });
    }
  }
  const expected = (provider: PollSource, userId: number) => [
    { kind: "poll", id: jobIds.poll(provider, userId) },
    { kind: "sync-likes", id: jobIds.syncLikes(provider, userId) },
    ...(provider === "spotify" ? [{ kind: "reconcile", id: jobIds.reconcile(userId) }] : []),
  ];
  return {
    mode: "bullmq" as const,
    connections: conns.map((c): SchedulerRow => {
      const schedulers = expected(c.provider, c.userId).map((e) => ({
        ...e,
        ...known.get(e.id),
        present: known.has(e.id),
      }));
      const shouldPoll = c.status === "active" && !c.userDisabled;
      const polling = schedulers[0]?.present ?? false;
      return { ...c, schedulers, health: polling === shouldPoll ? "ok" : polling ? "orphaned" : "missing" };
    }),
  };
}
