import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { defaultJobOptions, type QueueName } from "./contract";

/** One Redis connection and the queues opened on it, under one key prefix. */
export type JobsContext = { connection: Redis; prefix: string; queues: Map<QueueName, Queue> };

export function createJobsContext(redisUrl: string, prefix: string): JobsContext {
  // maxRetriesPerRequest: null is what BullMQ requires; commands wait for a reconnect instead of failing.
  // No auto-pipelining: every pipeline ioredis builds copies each of BullMQ's ~70 scripts onto itself, and
  // with one per event-loop turn that cost more than the socket writes it saved (bench:worker, with a no-op
  // poll: 0.43 → 0.27 ms CPU per job; with real polls 1.49 → 1.35 ms).
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  return { connection, prefix, queues: new Map() };
}

export function getQueue(ctx: JobsContext, name: QueueName): Queue {
  let q = ctx.queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: ctx.connection, prefix: ctx.prefix, defaultJobOptions });
    q.on("error", () => {});
    ctx.queues.set(name, q);
  }
  return q;
}

export async function closeJobsContext(ctx: JobsContext): Promise<void> {
  await Promise.all([...ctx.queues.values()].map((q) => q.close().catch(() => {})));
  ctx.queues.clear();
  await ctx.connection.quit().catch(() => {});
}

// The web process keeps one context for its whole life (on globalThis so dev reloads do not leak sockets).
const holder = globalThis as unknown as { __musictraceJobs?: JobsContext };

/** The process-wide context from REDIS_URL, or null in no-Redis mode. */
export function defaultJobsContext(): JobsContext | null {
  const { REDIS_URL, JOBS_PREFIX } = env();
  if (!REDIS_URL) return null;
  holder.__musictraceJobs ??= createJobsContext(REDIS_URL, JOBS_PREFIX);
  return holder.__musictraceJobs;
}

/** Closes the process-wide context, if one was opened (the app's stop). */
export async function closeDefaultJobsContext(): Promise<void> {
  const ctx = holder.__musictraceJobs;
  holder.__musictraceJobs = undefined;
  if (ctx) await closeJobsContext(ctx);
}
