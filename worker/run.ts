import type { Redis } from "ioredis";
import { getDb } from "@/db/client";
import { env, resetEnvCache } from "@/lib/env";
import { resumeImports } from "@/lib/imports/enqueue";
import { requeueVanishedImports, sweepUploads } from "@/lib/imports/sweep";
import { scheduleOutboxSweep } from "@/lib/jobs/enqueue";
import { closeJobsContext, createJobsContext } from "@/lib/jobs/queues";
import { startBullWorkers } from "./bullmq";
import { buildProcessors } from "./deps";
import { sweepEnrich } from "./enrich-sweep";
import { beat, forget } from "./heartbeat";
import { startInline } from "./inline";
import { redisLocker } from "./locks";
import { registerSchedules } from "./schedules";
import { sharedYnisonStates, wakeYandexPoll, YnisonLeader } from "./ynison-leader";
import { YnisonManager } from "./ynison-manager";

export type Jobs = { stop(): Promise<void> };

const HEARTBEAT_KEY = "musictrace:worker:heartbeat";
const BEAT_MS = 10_000;

/**
 * Starts the background jobs: BullMQ workers when Redis is configured, otherwise the same processors on
 * an in-process timer (worker/inline.ts) so a single-machine install needs nothing else.
 */
export async function startJobs(opts: { redisUrl?: string; log: (line: string) => void }): Promise<Jobs> {
  // startApp sets DATABASE_URL after starting the embedded database, i.e. after env() was first read.
  if (!env().DATABASE_URL) resetEnvCache();
  const db = getDb();
  if (!opts.redisUrl) {
    opts.log("jobs: running in-process (no REDIS_URL)");
    const inline = await startInline(db, { log: opts.log });
    const timer = setInterval(() => void beat(db, "inline").catch(() => {}), BEAT_MS);
    await beat(db, "inline").catch(() => {});
    // Imports that were queued or running when the process stopped continue from their checkpoint.
    await sweepAndResume(db, opts.log);
    return {
      async stop() {
        clearInterval(timer);
        await inline.stop();
        await forget(db);
      },
    };
  }
  const ctx = createJobsContext(opts.redisUrl, env().JOBS_PREFIX);
  try {
    await ctx.connection.ping();
  } catch {
    await closeJobsContext(ctx);
    throw new Error(`Cannot reach Redis at ${new URL(opts.redisUrl).host}; check REDIS_URL.`);
  }
  const heartbeat = async () => {
    await ctx.connection.set(HEARTBEAT_KEY, new Date().toISOString(), "EX", 30).catch(() => {});
    await beat(db, "bullmq").catch(() => {});
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), BEAT_MS);
  // One worker of the instance holds the Ynison sockets; every worker's polls read its states.
  const leader = new YnisonLeader(ctx.connection, ctx.prefix, db, { wake: wakeYandexPoll(ctx) });
  leader.start();
  const ynison = new YnisonManager(sharedYnisonStates(ctx.connection, ctx.prefix));
  const procs = buildProcessors(db, redisLocker(ctx.connection, ctx.prefix), ctx, ynison);
  const workers = startBullWorkers(ctx, procs, { isolateImports: true });
  const { registered, removed } = await registerSchedules(db, ctx);
  await scheduleOutboxSweep(ctx);
  const rescan = setInterval(() => {
    void registerSchedules(db, ctx, { initial: false }).catch(() => {});
    void sweepEnrich(db, ctx).catch(() => {});
    void requeueVanishedImports(db, ctx)
      .then(({ requeued, failed }) => {
        if (requeued.length || failed.length)
          opts.log(
            `imports: ${requeued.length} queued again after their jobs vanished, ${failed.length} failed`,
          );
      })
      .catch(() => {});
  }, 60_000);
  await sweepAndResume(db, opts.log);
  opts.log(
    `jobs: connected to Redis; ${registered} connection schedules registered, ${removed} stale removed`,
  );
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(rescan);
      await workers.close();
      await leader.stop();
      await forget(db);
      await closeJobsContext(ctx);
    },
  };
}

/** Uploads left behind by a stopped process go (their imports fail clearly), then open imports resume. */
async function sweepAndResume(db: ReturnType<typeof getDb>, say: (line: string) => void): Promise<void> {
  try {
    const { removed, failed } = await sweepUploads(db);
    if (removed.length || failed.length)
      say(
        `imports: removed ${removed.length} orphaned upload folders; ${failed.length} imports lost their upload`,
      );
  } catch (err) {
    say(`imports: upload sweep failed: ${String(err)}`);
  }
  await resumeImports();
}

export async function lastHeartbeat(redis: Redis): Promise<string | null> {
  return redis.get(HEARTBEAT_KEY);
}
