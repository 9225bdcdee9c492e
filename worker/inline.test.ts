import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { enqueueEnrich, schedulePolling } from "@/lib/jobs/enqueue";
import { noopProcessors, until, userWithConnection } from "@/test/helpers/jobs";
import { QueueRateLimited } from "./errors";
import { startInline } from "./inline";

describe("inline mode (no Redis)", () => {
  it("polls each active connection on the adaptive cadence and runs enqueued jobs in-process", async () => {
    const { user } = await userWithConnection("spotify");
    const polls: number[] = [];
    const enriched: number[] = [];
    let limited = false;
    const jobs = await startInline(getDb(), {
      log: () => {},
      processors: noopProcessors({
        poll: async (p) => {
          if (p.userId !== user.id) return { kind: "stop", reason: "not this test's" };
          polls.push(Date.now());
          if (polls.length === 2 && !limited) {
            limited = true;
            throw new QueueRateLimited(1_500);
          }
          return { kind: "done", nextPollInMs: 1_000, listensWritten: 0 };
        },
        "enrich-track": async (p) => {
          enriched.push(p.trackId);
        },
      }),
    });
    try {
      await until(async () => polls.length >= 4, 15_000);
      // the 429 after poll 2 held the next poll for Retry-After, not the 1 s cadence
      const [, second, third] = polls as [number, number, number];
      expect(third - second).toBeGreaterThanOrEqual(1_400);
      await enqueueEnrich(42, {}, null);
      await until(async () => enriched.includes(42));
    } finally {
      await jobs.stop();
    }
    const after = polls.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(polls.length).toBe(after); // stopped means stopped
  });

  it("a wake (connect, a page seeing playback) brings an idle connection's next poll forward to now", async () => {
    const { user } = await userWithConnection("spotify");
    const polls: number[] = [];
    const jobs = await startInline(getDb(), {
      log: () => {},
      processors: noopProcessors({
        poll: async (p) => {
          if (p.userId !== user.id) return { kind: "stop", reason: "not this test's" };
          polls.push(Date.now());
          return { kind: "done", nextPollInMs: 300_000, listensWritten: 0 }; // the idle heartbeat
        },
      }),
    });
    try {
      await until(async () => polls.length >= 1, 15_000);
      const woken = Date.now();
      await schedulePolling(
        { userId: user.id, provider: "spotify" },
        { everyMs: 10_000, immediately: true },
        null,
      );
      await until(async () => polls.length >= 2, 5_000);
      expect((polls[1] ?? 0) - woken).toBeLessThan(2_000);
    } finally {
      await jobs.stop();
    }
  });

  it("a job that fails (a source down) is retried and logged, never an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    let calls = 0;
    const jobs = await startInline(getDb(), {
      log: () => {},
      processors: noopProcessors({
        poll: async () => ({ kind: "stop", reason: "not this test's" }),
        "enrich-track": async () => {
          calls++;
          throw new Error("LRCLIB unreachable: fetch failed");
        },
      }),
    });
    try {
      await enqueueEnrich(7, {}, null);
      await until(async () => calls >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await jobs.stop();
    }
  });
});
