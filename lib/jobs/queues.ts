import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { defaultJobOptions, type QueueName } from "./contract";

/** One Redis connection and the queues opened on it, under one key prefix. */
export type JobsContext = { connection: Redis; prefix: string; queues: Map<QueueName, Queue> };

export function createJobsContext(redisUrl: string, prefix: string): JobsContext {
  // maxRetriesPerRequest: null is what BullMQ requires; commands wait for a reconnect instead of failing.
  // Auto-pipelining sends the commands of one event-loop turn in one write: polls finish in batches (their
  // state writes are coalesced), so their BullMQ calls (complete, fetch next) leave together.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
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
