import { randomInt } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listens, tracks } from "@/db/schema";
import type { PollSource } from "@/lib/jobs/contract";
import { schedulePolling } from "@/lib/jobs/enqueue";
import type { YTrack } from "@/test/fakes/yandex";
import { startBullWorkers } from "@/worker/bullmq";
import { buildProcessors } from "@/worker/deps";
import type { Processors } from "@/worker/dispatch";
import { startInline } from "@/worker/inline";
import { memoryLocker, redisLocker } from "@/worker/locks";
import { sharedYnisonStates, wakeYandexPoll, YnisonLeader } from "@/worker/ynison-leader";
import { YnisonManager } from "@/worker/ynison-manager";
import { dropJobs, testJobs } from "./jobs";

export type RunMode = "inline" | "bullmq";

/**
 * The real worker (real processors, real Ynison client, real state machine and writer) in one of the two run
 * modes, limited to the given users so it never touches other test files' connections: in-process timers
 * (no Redis), or BullMQ on the real Redis with the instance's Ynison leader, under a prefix of its own.
 */
export async function startScenarioWorker(mode: RunMode, conns: { userId: number; provider: PollSource }[]) {
  const db = getDb();
  const userIds = new Set(conns.map((c) => c.userId));
  const only = (real: Processors): Processors => {
    const idle = async () => ({ kind: "done" as const });
    return {
      poll: (p) =>
        userIds.has(p.userId) ? real.poll(p) : Promise.resolve({ kind: "stop", reason: "other test's" }),
      reconcile: (p) => (userIds.has(p.userId) ? real.reconcile(p) : idle()),
      "sync-likes": idle,
      "enrich-track": idle,
      import: idle,
      "outbox-deliver": idle,
      "outbox-sweep": idle,
    };
  };
  if (mode === "inline") {
    const ynison = new YnisonManager();
    const jobs = await startInline(db, {
      log: () => {},
      processors: only(buildProcessors(db, memoryLocker(), null, ynison)),
    });
    return {
      async stop() {
        await jobs.stop();
        ynison.stopAll();
      },
    };
  }
  const ctx = testJobs();
  const leader = new YnisonLeader(ctx.connection, ctx.prefix, db, { tickMs: 500, wake: wakeYandexPoll(ctx) });
  leader.start();
  const ynison = new YnisonManager(sharedYnisonStates(ctx.connection, ctx.prefix));
  const workers = startBullWorkers(
    ctx,
    only(buildProcessors(db, redisLocker(ctx.connection, ctx.prefix), ctx, ynison)),
  );
  for (const c of conns) await schedulePolling(c, { immediately: true }, ctx);
  return {
    async stop() {
      await workers.close();
      await leader.stop();
      await dropJobs(ctx);
    },
  };
}

/** A catalogue track of its own for a scenario (unique id), `seconds` long. */
export function scenarioTrack(title: string, seconds: number): YTrack {
  const id = String(randomInt(91_000_000, 99_999_999));
  return {
    id,
    title: `${title} ${id}`,
    durationMs: seconds * 1000,
    artists: [{ id: 77_000 + (Number(id) % 1000), name: `Scenario Artist ${id}` }],
    album: { id: 3_000_000 + (Number(id) % 100_000), title: "Scenario Album" },
  };
}

export async function storedListens(userId: number) {
  return getDb()
    .select({
      title: tracks.title,
      source: listens.source,
      skipped: listens.skipped,
      msPlayed: listens.msPlayed,
      startedAt: listens.startedAt,
      endedAt: listens.endedAt,
      duplicateOf: listens.duplicateOf,
    })
    .from(listens)
    .innerJoin(tracks, eq(tracks.id, listens.trackId))
    .where(eq(listens.userId, userId))
    .orderBy(asc(listens.startedAt));
}
