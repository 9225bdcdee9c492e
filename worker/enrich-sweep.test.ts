import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listens, lyrics, tracks } from "@/db/schema";
import { QUEUES } from "@/lib/jobs/contract";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { dropJobs, testJobs } from "@/test/helpers/jobs";
import { sweepEnrich } from "./enrich-sweep";

let ctx: JobsContext;
beforeAll(() => {
  ctx = testJobs();
});
afterAll(() => dropJobs(ctx));

const HOUR = 3600_000;

describe("enrich sweep", () => {
  it("queues recently heard tracks never enriched or with a lyrics result due again, nothing else", async () => {
    const db = getDb();
    const user = await createTestUser({ prefix: "sweep" });
    const make = async (enriched: boolean, heard: boolean) => {
      const title = uniqueName("Sweep");
      const [t] = await db
        .insert(tracks)
        .values({ title, normTitle: title, artistLine: "X", enrichedAt: enriched ? new Date() : null })
        .returning();
      if (!t) throw new Error("no track");
      if (heard) {
        await db.insert(listens).values({
          userId: user.id,
          trackId: t.id,
          source: "spotify",
          origin: "live",
          startedAt: new Date(Date.now() - HOUR),
          dedupKey: uniqueName("k"),
        });
      }
      return t.id;
    };
    const fresh = await make(false, true);
    const dueMiss = await make(true, true);
    const cachedMiss = await make(true, true);
    const unheard = await make(false, false);
    const done = await make(true, true);
    const row = (trackId: number, retryAfter: Date | null) => ({
      trackId,
      found: false,
      fetchedAt: new Date(Date.now() - 2 * 24 * HOUR),
      retryAfter,
    });
    await db
      .insert(lyrics)
      .values([row(dueMiss, new Date(Date.now() - HOUR)), row(cachedMiss, new Date(Date.now() + 24 * HOUR))]);

    // Other test files' tracks may be due too: sweep (20 random ones a round) until ours are all seen.
    for (let i = 0; i < 20 && (await sweepEnrich(db, ctx)) > 0; i++) {
      const ids = (await getQueue(ctx, QUEUES.enrich).getJobs(["wait", "delayed", "prioritized"])).map(
        (j) => j.data.trackId as number,
      );
      if ([fresh, dueMiss].every((id) => ids.includes(id))) break;
    }
    const queued = new Set(
      (await getQueue(ctx, QUEUES.enrich).getJobs(["wait", "delayed", "prioritized"])).map(
        (j) => j.data.trackId as number,
      ),
    );
    expect(queued.has(fresh)).toBe(true);
    expect(queued.has(dueMiss)).toBe(true);
    for (const id of [cachedMiss, unheard, done]) expect(queued.has(id)).toBe(false);
  });
});
