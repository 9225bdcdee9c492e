import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { connections } from "@/db/schema";
import { encrypt } from "@/lib/crypto";
import { env } from "@/lib/env";
import { closeJobsContext, createJobsContext, type JobsContext } from "@/lib/jobs/queues";
import { createTestUser } from "@/test/helpers/factories";
import type { Processors } from "@/worker/dispatch";

export const REDIS_URL = env().REDIS_URL ?? "redis://127.0.0.1:6379";

/** A queue prefix of its own per test, so parallel runs on the shared Redis never see each other's jobs. */
export function testJobs(): JobsContext {
  return createJobsContext(REDIS_URL, `mt-test-${randomBytes(4).toString("hex")}`);
}

/** Deletes every key under the context's prefix, then closes it. */
export async function dropJobs(ctx: JobsContext): Promise<void> {
  const keys = await ctx.connection.keys(`${ctx.prefix}:*`);
  if (keys.length) await ctx.connection.del(...keys);
  await closeJobsContext(ctx);
}

export async function userWithConnection(provider: "spotify" | "yandex" = "spotify") {
  const user = await createTestUser({ prefix: "jobs" });
  const [conn] = await getDb()
    .insert(connections)
    .values({ userId: user.id, provider, accessTokenEnc: encrypt("test-token"), status: "active" })
    .returning();
  if (!conn) throw new Error("no connection row");
  return { user, conn };
}

const idle = async () => ({ kind: "done" as const });

/** Processors that do nothing, for tests that replace one of them. */
export function noopProcessors(over: Partial<Processors> = {}): Processors {
  return {
    poll: async () => ({ kind: "done", nextPollInMs: 10_000, listensWritten: 0 }),
    reconcile: idle,
    "enrich-track": idle,
    "sync-likes": idle,
    import: idle,
    "outbox-deliver": idle,
    "outbox-sweep": idle,
    ...over,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(50);
  }
}
