/** `npm run worker:health`: exit 0 when a worker wrote its heartbeat to Redis in the last 30 s (compose health check). */
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { lastHeartbeat } from "@/worker/run";

const url = env().REDIS_URL;
if (!url) {
  console.error("REDIS_URL is not set");
  process.exit(1);
}
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  await redis.connect();
  const beat = await lastHeartbeat(redis);
  console.log(beat ? `worker alive, last heartbeat ${beat}` : "no worker heartbeat");
  process.exit(beat ? 0 : 1);
} catch {
  console.error("Redis unreachable");
  process.exit(1);
}
