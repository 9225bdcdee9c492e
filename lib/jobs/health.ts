import { desc, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, workerHeartbeats } from "@/db/schema";
import { readCounters } from "./counters";
import type { JobsContext } from "./queues";

const WORKER_STALE_S = 60;
// A connection whose last successful poll is older than this is "stale" (polls run every 10 s to 5 min).
const POLL_STALE_S = 15 * 60;

/** Worker and polling health for /api/health. Aggregates only: no user ids, names or tokens. */
export async function jobsHealth(db: Db, ctx: JobsContext | null) {
  const redis = ctx ? await pingRedis(ctx) : ("not_configured" as const);
  const [beat] = await db
    .select({ seenAt: workerHeartbeats.seenAt, mode: workerHeartbeats.mode })
    .from(workerHeartbeats)
    .orderBy(desc(workerHeartbeats.seenAt))
    .limit(1);
  const workerAgeS = beat ? Math.round((Date.now() - beat.seenAt.getTime()) / 1000) : null;
  const polling = await db
    .select({
      provider: connections.provider,
      status: connections.status,
      count: sql<number>`count(*)::int`,
      stale: sql<number>`count(*) filter (where ${connections.lastSuccessAt} is null or ${connections.lastSuccessAt} < now() - make_interval(secs => ${POLL_STALE_S}))::int`,
      oldestSuccessAgeS: sql<
        number | null
      >`extract(epoch from now() - min(${connections.lastSuccessAt}))::int`,
      newestSuccessAgeS: sql<
        number | null
      >`extract(epoch from now() - max(${connections.lastSuccessAt}))::int`,
    })
    .from(connections)
    .groupBy(connections.provider, connections.status);
  return {
    redis,
    worker: {
      status: workerAgeS === null ? "none" : workerAgeS <= WORKER_STALE_S ? "ok" : "stale",
      mode: beat?.mode ?? null,
      lastHeartbeatAgeS: workerAgeS,
    },
    polling,
    counters: await readCounters(db),
  };
}

async function pingRedis(ctx: JobsContext): Promise<"ok" | "error"> {
  const timeout = new Promise<"error">((r) => setTimeout(() => r("error"), 2000).unref());
  return Promise.race([
    ctx.connection.ping().then(
      () => "ok" as const,
      () => "error" as const,
    ),
    timeout,
  ]);
}
