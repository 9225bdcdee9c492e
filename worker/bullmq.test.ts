import type { Job } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { JOBS, jobIds, QUEUES } from "@/lib/jobs/contract";
import { enqueueReconcile, enqueueReconciles, schedulePolling, unschedulePolling } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { dropJobs, noopProcessors, sleep, testJobs, until, userWithConnection } from "@/test/helpers/jobs";
import { type BullWorkers, startBullWorkers } from "./bullmq";
import { QueueRateLimited } from "./errors";
import { registerSchedules } from "./schedules";

let ctx: JobsContext | undefined;
let workers: BullWorkers | undefined;
afterEach(async () => {
  await workers?.close();
  workers = undefined;
  if (ctx) await dropJobs(ctx);
  ctx = undefined;
});

describe("schedulers", () => {
  it("registers each connection once, however often the worker restarts", async () => {
    const { user } = await userWithConnection("spotify");
    const { user: y } = await userWithConnection("yandex");
    for (let restart = 0; restart < 3; restart++) {
      ctx = testJobs();
      const prefix = ctx.prefix;
      await registerSchedules(getDb(), ctx);
      // a "restart": a fresh connection to Redis under the same prefix
      await ctx.connection.quit();
      ctx = { ...testJobs(), prefix };
    }
    const spotify = getQueue(ctx as JobsContext, QUEUES.spotify);
    const ids = (await spotify.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(ids.filter((k) => k === jobIds.poll("spotify", user.id))).toHaveLength(1);
    expect(ids).toContain(jobIds.reconcile(user.id));
    const yandex = getQueue(ctx as JobsContext, QUEUES.yandex);
    expect((await yandex.getJobSchedulers(0, -1)).map((s) => s.key)).toContain(jobIds.poll("yandex", y.id));
    const pollJobs = (await spotify.getJobs(["delayed", "wait"])).filter(
      (j) => j.name === JOBS.poll && j.data.userId === user.id,
    );
    expect(pollJobs).toHaveLength(1);
  });

  it("a reconcile wanted now runs now, even while the start-up one waits out its spread", async () => {
    ctx = testJobs();
    await enqueueReconciles([999_002], "start", ctx, { spreadMs: 10 * 60_000 });
    const job = async () => getQueue(ctx as JobsContext, QUEUES.spotify).getJob(jobIds.reconcile(999_002));
    expect(await (await job())?.isDelayed()).toBe(true);
    await enqueueReconcile(999_002, "gap", ctx);
    expect(await (await job())?.isDelayed()).toBe(false);
  });

  it("removes the schedulers of a disconnected connection", async () => {
    ctx = testJobs();
    await schedulePolling({ userId: 999_001, provider: "spotify" }, {}, ctx);
    await unschedulePolling({ userId: 999_001, provider: "spotify" }, ctx);
    expect(await getQueue(ctx, QUEUES.spotify).getJobSchedulers(0, -1)).toHaveLength(0);
  });

  it("moves the cadence to what the listening rules ask for", async () => {
    ctx = testJobs();
    const { user } = await userWithConnection("spotify");
    await schedulePolling({ userId: user.id, provider: "spotify" }, { immediately: true }, ctx);
    let polls = 0;
    workers = startBullWorkers(
      ctx,
      noopProcessors({
        poll: async () => ({ kind: "done", nextPollInMs: 1_000, listensWritten: 0 }),
      }),
    );
    await until(async () => {
      const s = await getQueue(ctx as JobsContext, QUEUES.spotify).getJobScheduler(
        jobIds.poll("spotify", user.id),
      );
      return s?.every === 1_000;
    });
    // and it then really polls about every second
    const q = getQueue(ctx, QUEUES.spotify);
    const before = await q.getCompletedCount();
    await sleep(3_500);
    polls = (await q.getCompletedCount()) - before;
    expect(polls).toBeGreaterThanOrEqual(2);
    expect(polls).toBeLessThanOrEqual(6);
  });

  it("a cadence change also moves the scheduler's offset, so a late poll is not put off by the old one", async () => {
    ctx = testJobs();
    const conn = { userId: 999_002, provider: "spotify" as const };
    const id = jobIds.poll("spotify", conn.userId);
    const q = getQueue(ctx, QUEUES.spotify);
    // An idle user's scheduler, 45 s into its 5-minute slot, with its next poll queued.
    await q.upsertJobScheduler(
      id,
      { every: 300_000, offset: 45_000, startDate: Date.now() + 300_000 },
      { name: JOBS.poll, data: { userId: conn.userId, source: "spotify" } },
    );
    expect((await q.getJobScheduler(id))?.offset).toBe(45_000);
    await schedulePolling(conn, { everyMs: 10_000 }, ctx);
    const s = await q.getJobScheduler(id);
    expect(s?.every).toBe(10_000);
    // BullMQ places a late iteration at the slot start + offset: an offset past the period would skip polls.
    expect(s?.offset).toBeGreaterThan(0);
    expect(s?.offset).toBeLessThanOrEqual(10_000);
  });
});

describe("payloads", () => {
  it("fails an invalid payload at once, without retries, and keeps it as evidence", async () => {
    ctx = testJobs();
    let called = 0;
    workers = startBullWorkers(
      ctx,
      noopProcessors({
        poll: async () => {
          called++;
          return { kind: "busy" };
        },
      }),
    );
    const q = getQueue(ctx, QUEUES.spotify);
    const job = await q.add(
      JOBS.poll,
      { userId: "seven", source: "spotify" },
      { attempts: 5, jobId: "bad:payload:1" },
    );
    const failed = await until(async () => {
      const j = await q.getJob(job.id as string);
      return (await j?.isFailed()) ? j : null;
    });
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/invalid poll payload: userId/);
    expect(called).toBe(0);
    await sleep(300);
    expect(await q.getFailedCount()).toBe(1);
  });
});

describe("rate limits", () => {
  it("a Spotify 429 holds the whole Spotify queue for Retry-After, and Yandex carries on", async () => {
    ctx = testJobs();
    const ran: { userId: number; source: string; at: number }[] = [];
    let limited = false;
    workers = startBullWorkers(
      ctx,
      noopProcessors({
        poll: async (p) => {
          ran.push({ ...p, at: Date.now() });
          if (p.userId === 1 && !limited) {
            limited = true;
            throw new QueueRateLimited(2_000);
          }
          return { kind: "done", nextPollInMs: 10_000, listensWritten: 0 };
        },
      }),
      { concurrency: { spotify: 1 } },
    );
    const spotify = getQueue(ctx, QUEUES.spotify);
    const t0 = Date.now();
    await spotify.add(JOBS.poll, { userId: 1, source: "spotify" }, { jobId: "poll:spotify:1" });
    await until(async () => limited);
    await spotify.add(JOBS.poll, { userId: 2, source: "spotify" }, { jobId: "poll:spotify:2" });
    await getQueue(ctx, QUEUES.yandex).add(
      JOBS.poll,
      { userId: 3, source: "yandex" },
      { jobId: "poll:yandex:3" },
    );
    await until(async () => ran.filter((r) => r.source === "spotify").length >= 3, 8_000);
    const after = ran.filter((r) => r.source === "spotify").slice(1);
    // both Spotify polls (the limited one again, and the other user's) waited for the limit
    for (const r of after) expect(r.at - t0).toBeGreaterThanOrEqual(1_800);
    const yandex = ran.find((r) => r.source === "yandex");
    expect((yandex?.at ?? Infinity) - t0).toBeLessThan(1_500);
    const job = (await spotify.getJob("poll:spotify:1")) as Job;
    expect(await job.isCompleted()).toBe(true);
  });
});
