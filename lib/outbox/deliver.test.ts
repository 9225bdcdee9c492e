import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { outboxItems, outboxTargets } from "@/db/schema";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser } from "@/test/helpers/factories";
import { connectLastfm, connectLb, seedListens, seedTracks } from "@/test/helpers/outbox";
import { type DeliverResult, deliverTarget } from "./deliver";
import { forwardNowPlaying } from "./now-playing";
import { startBackfill, targetStatuses } from "./targets";

/**
 * The outbox against the ListenBrainz and Last.fm fakes over real HTTP, on the real database: delivery runs
 * called directly (worker/outbox.test.ts runs them in both worker modes, with a kill).
 */
const db = getDb();
const { listenbrainz: lb, lastfm: fm } = fakeControls();
const nowS = () => Math.floor(Date.now() / 1000);
const fast = { backoffBaseMs: 50, inlineWaitMs: 5_000 };

async function drain(targetId: number): Promise<DeliverResult & { runs: number }> {
  const total = { state: "done" as DeliverResult["state"], sent: 0, batches: 0, retries: 0, runs: 0 };
  for (let i = 0; i < 50; i++) {
    const r = await deliverTarget(db, targetId, fast);
    total.runs++;
    total.sent += r.sent;
    total.batches += r.batches;
    total.retries += r.retries;
    total.state = r.state;
    if (r.state !== "waiting" && r.state !== "budget") return total;
    await new Promise((res) => setTimeout(res, 200));
  }
  return total;
}

let tracks: number[];
beforeAll(async () => {
  tracks = await seedTracks(db);
  await fm.setDailyLimit(1_000_000); // the real limit (2,800 a day) is covered below
});

describe("outbox → ListenBrainz", () => {
  it("back-fills 10,000 listens through a lost answer, a 429 storm and 5xx: 0 lost, 0 doubled", {
    timeout: 60_000,
  }, async () => {
    const user = await createTestUser({ prefix: "oblb" });
    await seedListens(db, user.id, tracks, { count: 10_000, endS: nowS() - 3600, spacingS: 240 });
    const { name, targetId } = await connectLb(db, lb, user.id);
    expect((await startBackfill(db, user.id, "listenbrainz")).queued).toBe(10_000);
    const path = "/1/submit-listens";
    await lb.failNext({ path, user: name, kind: "accept-then-drop" });
    await lb.failNext({ path, user: name, status: 429, retryAfter: 1, count: 4 });
    await lb.failNext({ path, user: name, status: 503, count: 2 });
    const t0 = Date.now();
    const r = await drain(targetId);
    const ms = Date.now() - t0;
    const s = await lb.stats(name);
    console.log(
      `[outbox lb] 10k back-fill ${ms} ms, ${r.batches} batches, ${r.retries} retries, ${r.runs} runs; fake raw ${s.raw}, re-sent ${s.duplicates}`,
    );
    expect(r.state).toBe("done");
    expect(s.stored).toBe(10_000); // 0 lost, 0 doubled after ListenBrainz's own dedupe
    // The one batch whose answer was lost went again, identical (so LB deduped it); nothing else was re-sent.
    expect(s.duplicates).toBeLessThanOrEqual(1000);
    expect(r.retries).toBeGreaterThanOrEqual(7);
    const listens = await lb.listensOf(name);
    expect(new Set(listens.map((l) => l.listened_at)).size).toBe(10_000);
    const [status] = (await targetStatuses(db, user.id)).targets;
    expect(status).toMatchObject({
      backlog: 0,
      sentCount: 10_000,
      backfill: { total: 10_000, done: 10_000 },
      status: "active",
    });
    expect(JSON.stringify(status)).not.toContain("secret");
  });

  it("queues a new counted listen once, not a file import's, and a revoked token pauses with the reason", async () => {
    const user = await createTestUser({ prefix: "oblb2" });
    const { name, token, targetId } = await connectLb(db, lb, user.id);
    await seedListens(db, user.id, tracks, { count: 1, endS: nowS(), spacingS: 1, origin: "live" });
    await seedListens(db, user.id, tracks, { count: 3, endS: nowS() - 600, spacingS: 60, importId: 999_999 });
    const queued = await db.select().from(outboxItems).where(eq(outboxItems.targetId, targetId));
    expect(queued).toHaveLength(1);
    expect((await drain(targetId)).sent).toBe(1);
    expect((await drain(targetId)).sent).toBe(0);
    expect((await lb.stats(name)).stored).toBe(1);

    await lb.revoke(token);
    await seedListens(db, user.id, tracks, { count: 1, endS: nowS() + 1, spacingS: 1, origin: "live" });
    const r = await drain(targetId);
    expect(r.state).toBe("paused");
    const [t] = await db.select().from(outboxTargets).where(eq(outboxTargets.id, targetId));
    expect(t?.status).toBe("paused");
    expect(t?.lastError).toMatch(/Invalid authorization token/);
    expect((await drain(targetId)).state).toBe("paused"); // no retrying forever
    // Reconnecting with a valid token sends what waited, exactly once.
    const again = await connectLb(db, lb, user.id);
    expect(again.targetId).toBe(targetId);
    await drain(targetId);
    expect((await lb.stats(again.name)).stored).toBe(1);
  });
});

describe("outbox → Last.fm", () => {
  it("back-fills 10,000 scrobbles in batches of 50 through a lost answer, errors 29/16/11 and a 502: 0 lost, 0 doubled", {
    timeout: 60_000,
  }, async () => {
    const user = await createTestUser({ prefix: "obfm" });
    // Last.fm ignores scrobbles older than 14 days: a back-fill covers only those, so the 10,000 fit in 11 days.
    await seedListens(db, user.id, tracks, { count: 10_000, endS: nowS() - 60, spacingS: 95 });
    await seedListens(db, user.id, tracks, { count: 5, endS: nowS() - 20 * 86400, spacingS: 60 });
    const { name, targetId } = await connectLastfm(db, user.id);
    expect((await startBackfill(db, user.id, "lastfm")).queued).toBe(10_000);
    const path = "track.scrobble";
    await fm.failNext({ path, kind: "accept-then-drop", user: name });
    await fm.failNext({ path, kind: "error:29", user: name, count: 4 });
    await fm.failNext({ path, kind: "error:16", user: name, count: 2 });
    await fm.failNext({ path, kind: "error:11", user: name });
    await fm.failNext({ path, status: 502, user: name });
    const t0 = Date.now();
    const r = await drain(targetId);
    const s = await fm.stats(name);
    console.log(
      `[outbox lastfm] 10k back-fill ${Date.now() - t0} ms, ${r.batches} batches, ${r.retries} retries, ${r.runs} runs; fake raw ${s.raw}, doubled ${s.duplicates}`,
    );
    expect(r.state).toBe("done");
    expect(s.stored).toBe(10_000);
    expect(s.duplicates).toBe(0); // the lost answer's batch was checked with user.getRecentTracks, not re-sent
    expect(r.retries).toBeGreaterThanOrEqual(9);
  });

  it("an invalid session (9) pauses; now-playing goes to both targets, best effort", async () => {
    const user = await createTestUser({ prefix: "obfm2" });
    const { name, targetId } = await connectLastfm(db, user.id);
    const lbUser = await connectLb(db, lb, user.id);
    await forwardNowPlaying(db, user.id, { artists: ["Outbox Artist 1"], title: "Now", durationMs: 180_000 });
    expect((await fm.stats(name)).nowPlaying).toMatchObject({ artist: "Outbox Artist 1", track: "Now" });
    expect((await lb.stats(lbUser.name)).playingNow?.track_metadata).toMatchObject({ track_name: "Now" });
    await fm.revokeSessions(name);
    await seedListens(db, user.id, tracks, { count: 2, endS: nowS(), spacingS: 30, origin: "live" });
    expect((await drain(targetId)).state).toBe("paused");
    const [t] = await db.select().from(outboxTargets).where(eq(outboxTargets.id, targetId));
    expect(t?.lastError).toMatch(/error 9/);
    // A failing now-playing is dropped quietly (the session is revoked now).
    await expect(forwardNowPlaying(db, user.id, { artists: ["A"], title: "B" })).resolves.toBeUndefined();
    const left = await db.execute(
      sql`select count(*)::int as n from outbox_items where target_id = ${targetId} and sent_at is null`,
    );
    expect((left as unknown as { n: number }[])[0]?.n).toBe(2);
  });

  it("the daily limit (ignored code 5) keeps the rest queued for later", async () => {
    const user = await createTestUser({ prefix: "obfm3" });
    const { targetId } = await connectLastfm(db, user.id);
    await fm.setDailyLimit(30);
    try {
      await seedListens(db, user.id, tracks, { count: 40, endS: nowS(), spacingS: 30, origin: "live" });
      const r = await deliverTarget(db, targetId, fast);
      expect(r.state).toBe("waiting");
      const [t] = await db.select().from(outboxTargets).where(eq(outboxTargets.id, targetId));
      expect(t?.lastError).toMatch(/daily/);
      const [st] = (await targetStatuses(db, user.id)).targets;
      expect(st?.backlog).toBe(10);
    } finally {
      await fm.setDailyLimit(1_000_000);
    }
  });
});
