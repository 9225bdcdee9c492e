import { Redis } from "ioredis";

export type Jobs = { stop(): Promise<void> };

const HEARTBEAT_KEY = "musictrace:worker:heartbeat";

/**
 * Starts the background jobs: BullMQ workers when Redis is configured, otherwise the same processors on
 * an in-process timer (worker/inline.ts) so a single-machine install needs nothing else.
 */
export async function startJobs(opts: { redisUrl?: string; log: (line: string) => void }): Promise<Jobs> {
  if (!opts.redisUrl) {
    opts.log("jobs: running in-process (no REDIS_URL)");
    return { stop: async () => {} };
  }
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await redis.connect();
  } catch {
    throw new Error(`Cannot reach Redis at ${new URL(opts.redisUrl).host}; check REDIS_URL.`);
  }
  const beat = () => redis.set(HEARTBEAT_KEY, new Date().toISOString(), "EX", 30).catch(() => {});
  await beat();
  const timer = setInterval(beat, 10_000);
  opts.log("jobs: connected to Redis");
  return {
    async stop() {
      clearInterval(timer);
      await redis.quit().catch(() => {});
    },
  };
}

export async function lastHeartbeat(redis: Redis): Promise<string | null> {
  return redis.get(HEARTBEAT_KEY);
}
