import path from "node:path";
import { type Job, Worker } from "bullmq";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { IMPORT_STOPPED, markImportFailed } from "@/lib/imports/run";
import { JOBS, type PollSource, QUEUES, type QueueName } from "@/lib/jobs/contract";
import { clampPollMs, schedulePolling, unschedulePolling } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { dispatch, type Processors } from "./dispatch";
import { QueueRateLimited } from "./errors";
import { importExecArgv } from "./import-children";
import type { PollResult } from "./processors/poll";

// Polls are I/O-bound (one HTTP call + a few batched queries), so many run at once: a poll spends most of
// its time waiting (on Spotify, on the batches of its state reads, writes and locks). With 128 slots the
// slots, not the CPU, were the limit (bench:worker flat out: 2,300 polls/s with a quarter of the CPU idle;
// 256: 2,800; 512: 3,200, the CPU then the limit); against the real Spotify, slower than the fake, slots
// matter more. Enrichment is deliberately one at a time across all workers (LRCLIB asks for it;
// MusicBrainz allows 1 req/s).
export const QUEUE_SETTINGS: Record<
  QueueName,
  { concurrency: number; limiter?: { max: number; duration: number } }
> = {
  [QUEUES.spotify]: { concurrency: 512 },
  [QUEUES.yandex]: { concurrency: 64 },
  [QUEUES.enrich]: { concurrency: 1, limiter: { max: 1, duration: 1_000 } },
  [QUEUES.imports]: { concurrency: 1 }, // IMPORT_CONCURRENCY in startBullWorkers
  // Each run holds two database connections (its lock and its writes) while it waits on a target.
  [QUEUES.outbox]: { concurrency: 4 },
};

// BullMQ's sandboxed processor for imports: each runs in a child process (see the file).
const IMPORT_CHILD = path.join(import.meta.dirname, "import-child.mjs");

export type BullWorkers = { workers: Worker[]; close(): Promise<void> };

export function startBullWorkers(
  ctx: JobsContext,
  procs: Processors,
  opts: { concurrency?: Partial<Record<QueueName, number>>; isolateImports?: boolean } = {},
): BullWorkers {
  const workers = (Object.values(QUEUES) as QueueName[]).map((name) => {
    const s = QUEUE_SETTINGS[name];
    const isImports = name === QUEUES.imports;
    // With isolateImports (the app's and the worker's start) an import never runs on this event loop: a
    // 300k-row import holds a core for tens of seconds, which the web and the live polls must not feel.
    // Tests of the other queues pass in-process processors instead.
    const processor =
      isImports && opts.isolateImports ? IMPORT_CHILD : (job: Job) => runJob(ctx, procs, name, job);
    const worker = new Worker(name, processor, {
      connection: ctx.connection,
      prefix: ctx.prefix,
      concurrency: opts.concurrency?.[name] ?? (isImports ? env().IMPORT_CONCURRENCY : s.concurrency),
      ...(processor === IMPORT_CHILD && { workerForkOptions: { execArgv: importExecArgv() } }),
      ...(s.limiter ? { limiter: s.limiter } : {}),
    });
    worker.on("failed", (job, err) => {
      log.warn("job failed", { queue: name, job: job?.name, id: job?.id, err: err.message });
      // The user sees the import's own status: after the last attempt it must say "failed", not "running".
      if (job?.name === JOBS.import && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void markImportFailed(getDb(), (job.data as { importId: number }).importId, IMPORT_STOPPED).catch(
          () => {},
        );
      }
    });
    worker.on("error", (err) => log.error("worker error", { queue: name, err: err.message }));
    return worker;
  });
  return {
    workers,
    // close() waits for the jobs in hand to finish: that is the graceful part of SIGTERM.
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

async function runJob(ctx: JobsContext, procs: Processors, queue: QueueName, job: Job): Promise<unknown> {
  try {
    const result = await dispatch(procs, job.name, job.data);
    if (job.name === JOBS.poll) await afterPoll(ctx, job, result as PollResult);
    return result;
  } catch (err) {
    if (err instanceof QueueRateLimited) {
      // The app's quota is shared by all users: stop the whole queue, not just this job (spotify-api.md).
      log.warn("queue rate limited", { queue, ms: err.retryAfterMs });
      await getQueue(ctx, queue).rateLimit(err.retryAfterMs);
      throw Worker.RateLimitError();
    }
    throw err;
  }
}

/** Adaptive cadence: move the scheduler when the listening rules ask for a different delay. */
async function afterPoll(ctx: JobsContext, job: Job, result: PollResult): Promise<void> {
  const conn = job.data as { userId: number; source: PollSource };
  const target = { userId: conn.userId, provider: conn.source };
  if (result.kind === "stop") return unschedulePolling(target, ctx);
  if (result.kind !== "done") return;
  const want = clampPollMs(result.nextPollInMs);
  const every = (job.opts as { repeat?: { every?: number } }).repeat?.every;
  // A drift under 10 % is not worth a scheduler rewrite (one Redis script per poll at 500 polls/s).
  if (every !== undefined && Math.abs(every - want) <= every * 0.1) return;
  await schedulePolling(target, { everyMs: want }, ctx);
}
