import type { Db } from "@/db/client";
import {
  JOBS,
  type JobName,
  OUTBOX_SWEEP_MS,
  type PollSource,
  RECONCILE_EVERY_MS,
} from "@/lib/jobs/contract";
import { clampPollMs } from "@/lib/jobs/enqueue";
import { setInlineRunner } from "@/lib/jobs/inline-hook";
import { log } from "@/lib/log";
import { buildProcessors } from "./deps";
import { dispatch, type Processors } from "./dispatch";
import { sweepEnrich } from "./enrich-sweep";
import { QueueRateLimited } from "./errors";
import { importChildren } from "./import-children";
import { memoryLocker } from "./locks";
import type { PollResult } from "./processors/poll";
import { activeConnections } from "./schedules";
import { YnisonManager } from "./ynison-manager";

const RESCAN_MS = 60_000;
const RETRIES = 3;

/**
 * No-Redis mode: the same processors as the BullMQ worker, on timers in this process. One timer chain per
 * connection (so at most one poll in flight each), one FIFO for everything else, run one job at a time.
 */
export async function startInline(
  db: Db,
  opts: { log: (line: string) => void; processors?: Processors },
): Promise<{ stop(): Promise<void> }> {
  const ynison = new YnisonManager();
  const imports = importChildren();
  const procs = opts.processors ?? buildProcessors(db, memoryLocker(), null, ynison);
  const timers = new Map<string, NodeJS.Timeout>();
  const queue: { name: JobName; data: unknown; attempt: number }[] = [];
  let stopping = false;
  let inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    inFlight.add(p);
    // Both branches handled: a `finally` chain would re-reject, unhandled, for every failed job.
    const done = () => void inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  let pausedUntil = 0; // a Spotify 429 pauses every Spotify call, as in BullMQ mode

  const pollLoop = (source: PollSource, userId: number, delay: number) => {
    const key = `${source}:${userId}`;
    clearTimeout(timers.get(key));
    const wait = source === "spotify" ? Math.max(delay, pausedUntil - Date.now()) : delay;
    timers.set(
      key,
      setTimeout(() => void track(pollOnce(source, userId)), wait),
    );
  };
  const pollOnce = async (source: PollSource, userId: number) => {
    if (stopping || !timers.has(`${source}:${userId}`)) return;
    let next = 30_000;
    try {
      const res = (await dispatch(procs, JOBS.poll, { userId, source })) as PollResult;
      if (res.kind === "stop") return void timers.delete(`${source}:${userId}`);
      // A woken loop (schedule with `soon`) can fire while the previous poll is still running: that one
      // plans the next poll when it ends.
      if (res.kind === "busy") return;
      if (res.kind === "done") next = clampPollMs(res.nextPollInMs);
    } catch (err) {
      if (err instanceof QueueRateLimited) {
        next = err.retryAfterMs;
        if (source === "spotify") pausedUntil = Date.now() + err.retryAfterMs;
      } else log.warn("inline poll failed", { source, userId, err: String(err) });
    }
    if (!stopping && timers.has(`${source}:${userId}`)) pollLoop(source, userId, next);
  };

  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    while (!stopping && queue.length) {
      const job = queue.shift();
      if (!job) break;
      try {
        await track(dispatch(procs, job.name, job.data));
      } catch (err) {
        const retryable = !(err instanceof Error && err.name === "UnrecoverableError");
        if (retryable && job.attempt < RETRIES) {
          const again = { ...job, attempt: job.attempt + 1 };
          setTimeout(() => runner.enqueue(again.name, again.data), 30_000 * 2 ** job.attempt).unref();
        } else log.warn("inline job failed", { job: job.name, err: String(err) });
      }
    }
    draining = false;
  };

  const runner = {
    enqueue(name: JobName, data: unknown) {
      if (stopping) return;
      queue.push({ name, data, attempt: 0 });
      void drain();
    },
    schedule(source: PollSource, userId: number, opts: { soon?: boolean } = {}) {
      if (opts.soon || !timers.has(`${source}:${userId}`)) pollLoop(source, userId, opts.soon ? 0 : 1_000);
    },
    unschedule(source: PollSource, userId: number) {
      clearTimeout(timers.get(`${source}:${userId}`));
      timers.delete(`${source}:${userId}`);
    },
    runImport: (importId: number) => imports.run(importId),
  };
  setInlineRunner(runner);

  // Connections made or lost while we run are picked up by the rescan; reconcile runs on start and periodically.
  const rescan = async (reconcile: boolean) => {
    const active = await activeConnections(db);
    const want = new Set(active.map((c) => `${c.provider}:${c.userId}`));
    for (const [key, timer] of [...timers]) {
      if (want.has(key)) continue;
      clearTimeout(timer);
      timers.delete(key);
    }
    for (const c of active) {
      runner.schedule(c.provider, c.userId);
      if (reconcile && c.provider === "spotify") {
        runner.enqueue(JOBS.reconcile, { userId: c.userId, reason: "start" });
      }
    }
  };
  await rescan(true).catch((err) => opts.log(`jobs: initial scan failed: ${String(err)}`));
  const rescanTimer = setInterval(() => {
    void rescan(false).catch(() => {});
    void sweepEnrich(db, null).catch(() => {});
  }, RESCAN_MS);
  const reconcileTimer = setInterval(() => void rescan(true).catch(() => {}), RECONCILE_EVERY_MS);
  // The outbox on its own timer chain, not the FIFO: a long back-fill run must not hold up reconciles.
  let outboxTimer: NodeJS.Timeout | undefined;
  const outboxLoop = (delay: number) => {
    outboxTimer = setTimeout(() => {
      void track(dispatch(procs, JOBS.outboxSweep, {}))
        .catch((err) => log.warn("inline outbox sweep failed", { err: String(err) }))
        .then(() => !stopping && outboxLoop(OUTBOX_SWEEP_MS));
    }, delay);
  };
  outboxLoop(1_000);

  return {
    async stop() {
      stopping = true;
      setInlineRunner(null);
      clearInterval(rescanTimer);
      clearInterval(reconcileTimer);
      clearTimeout(outboxTimer);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      // Finish what is running (a poll mid-write, an enrichment) before the database closes.
      await Promise.allSettled([...inFlight, imports.stop()]);
      ynison.stopAll();
      inFlight = new Set();
    },
  };
}
