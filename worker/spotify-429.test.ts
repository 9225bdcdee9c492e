import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listens } from "@/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { QUEUES } from "@/lib/jobs/contract";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { fakeControls } from "@/test/fakes/remote";
import { DEFAULT_TRACKS, sid } from "@/test/fakes/spotify";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { dropJobs, REDIS_URL, sleep, testJobs, until } from "@/test/helpers/jobs";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { type BullWorkers, startBullWorkers } from "./bullmq";
import { buildProcessors } from "./deps";
import { redisLocker } from "./locks";

/**
 * Scenario 9 of listening-rules.md, end to end: two users play two 40 s tracks on the fake Spotify; the real
 * worker (BullMQ on the real Redis, the real processors) polls them. Near the track change the fake answers
 * one poll with 429 + Retry-After. The whole Spotify queue must stand still for Retry-After (the quota is
 * the app's, shared by all users) instead of each job retrying, then carry on, and both users' first track
 * must still become exactly one live listen.
 */
const TRACK_MS = 40_000;
const RETRY_AFTER_S = 8;
let ctx: JobsContext;
let workers: BullWorkers | undefined;

beforeAll(() => {
  ctx = testJobs();
  // The 429 pause lives in Redis under JOBS_PREFIX: this file's own, so no other test file is paused by it.
  // Connecting schedules through the process-wide context, which exists only with REDIS_URL: `npm test`
  // as the README gives it has none in the environment (the queue tests' Redis is the default address).
  process.env.JOBS_PREFIX = ctx.prefix;
  process.env.REDIS_URL = REDIS_URL;
  resetEnvCache();
});
afterAll(async () => {
  await workers?.close();
  await dropJobs(ctx);
});

describe("Spotify 429 end to end", () => {
  it("pauses the Spotify queue for Retry-After for every user, then resumes and loses no listen", {
    timeout: 120_000,
  }, async () => {
    const { spotify } = fakeControls();
    expect(env().JOBS_PREFIX).toBe(ctx.prefix);
    const db = getDb();
    const base = DEFAULT_TRACKS[0];
    if (!base) throw new Error("no fake tracks");
    const tag = randomBytes(2).toString("hex");
    const ids = [1, 2].map((n) => sid(`Rl${tag}`, n));
    for (const [i, id] of ids.entries()) {
      await spotify.addTrack({
        ...base,
        id,
        name: `Rate Limit ${tag} ${i + 1}`,
        durationMs: TRACK_MS,
        isrc: undefined,
      });
    }
    const people = await Promise.all(
      ["a", "b"].map(async (n) => ({
        user: await createTestUser({ prefix: `rl${n}` }),
        fake: uniqueName(`sp429${n}`),
      })),
    );
    for (const p of people) {
      await spotify.addUser({ id: p.fake });
      await spotify.setPlayer(p.fake, { trackId: ids[0], queue: [ids[1] ?? ""], progressMs: 0 });
    }
    const t0 = Date.now();
    // Connecting registers the poll schedulers (in this file's queue prefix) and polls at once.
    for (const p of people) await connectSpotifyDirect(db, p.user.id, p.fake);
    workers = startBullWorkers(ctx, buildProcessors(db, redisLocker(ctx.connection, ctx.prefix), ctx));

    const [a] = people;
    if (!a) throw new Error("no users");
    const userIds = people.map((p) => p.user.id);
    await sleep(t0 + TRACK_MS - 12_000 - Date.now());
    await spotify.failNext({ path: "/v1/me/player", user: a.fake, status: 429, retryAfter: RETRY_AFTER_S });
    const limited = await until(
      async () => (await spotify.requests({ user: a.fake })).find((r) => r.status === 429),
      20_000,
    );

    // Past the track change, past the pause, and a few polls after it.
    await until(async () => {
      const rows = await db
        .select({ userId: listens.userId })
        .from(listens)
        .where(inArray(listens.userId, userIds));
      return people.every((p) => rows.some((r) => r.userId === p.user.id));
    }, 40_000);

    const mine = new Set(people.map((p) => p.fake));
    const calls = (await spotify.requests({ path: "/v1/" })).filter((r) => r.user && mine.has(r.user));
    // One 429, answered once: no job retried into the limit.
    expect(calls.filter((r) => r.status === 429)).toHaveLength(1);
    // Nobody called Spotify while the pause lasted (requests already on the wire may land just after it).
    const pauseEnd = limited.at + RETRY_AFTER_S * 1000;
    const during = calls.filter((r) => r.at > limited.at + 1_000 && r.at < pauseEnd - 300);
    expect(during).toEqual([]);
    // ... and both users were polled again after it.
    for (const p of people) expect(calls.some((r) => r.user === p.fake && r.at >= pauseEnd - 300)).toBe(true);

    for (const p of people) {
      const rows = await db
        .select()
        .from(listens)
        .where(and(eq(listens.userId, p.user.id), isNull(listens.duplicateOf), eq(listens.skipped, false)));
      // Track 1 straddled the pause: one live listen, its start where the user started it.
      expect(rows).toHaveLength(1);
      expect(rows[0]?.origin).toBe("live");
      expect(Math.abs((rows[0]?.startedAt.getTime() ?? 0) - t0)).toBeLessThan(5_000);
    }
    expect(await getQueue(ctx, QUEUES.spotify).getFailedCount()).toBe(0);
  });
});
