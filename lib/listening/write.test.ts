import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { playbackSessions } from "@/db/schema";
import { coalesceStats } from "@/lib/coalesce";
import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";
import { db, every, freshClock, listensOf, poll, setup } from "@/test/helpers/listening-db";
import { album, MIN, S, type Segment, simTrack, snapshotAt, trackInput } from "@/test/helpers/player-sim";
import { ynisonState } from "@/test/helpers/ynison-state";
import { applyPoll } from "./index";
import { fromSpotifyPlayer, fromYnisonState } from "./snapshot";
import { loadState, META_DEVICE } from "./stored-state";
import type { Snapshot } from "./types";
import { applyObservation, sameJson, writePasses } from "./write";

describe("applyObservation (DB)", () => {
  it("persists sessions between polls and writes counted and skipped passes", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const script: Segment[] = [
      ...album(t0, [simTrack("w1", 200 * S), simTrack("w2", 100 * S)]).slice(0, 1),
      { at: t0 + 200 * S, device: "dev-1", track: simTrack("w2", 100 * S), pos: 0, status: "playing" },
      { at: t0 + 220 * S, device: "dev-1", track: simTrack("w3", 180 * S), pos: 0, status: "playing" },
      { at: t0 + 400 * S, status: "none" },
    ];
    const results = await poll(userId, script, every(t0 - 5 * S, t0 + 10 * MIN, 10 * S));
    const rows = await listensOf(userId);
    expect(rows.map((r) => [r.title, r.skipped])).toEqual([
      ["Song w1", false],
      ["Song w2", true],
      ["Song w3", false],
    ]);
    expect(rows[0]?.origin).toBe("live");
    expect(Math.abs((rows[0]?.startedAt.getTime() ?? 0) - t0)).toBeLessThanOrEqual(13 * S);
    expect(results.reduce((n, r) => n + r.listensWritten, 0)).toBe(2);
    expect(results.reduce((n, r) => n + r.skippedWritten, 0)).toBe(1);
    const sessions = await db().select().from(playbackSessions).where(eq(playbackSessions.userId, userId));
    expect(sessions.map((s) => s.deviceKey)).toEqual([META_DEVICE]);
    expect(results.at(-1)?.nextPollInMs).toBeGreaterThanOrEqual(15 * S);
  });

  it("14: two workers applying the same polls at once write each listen once", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const script = album(t0, [simTrack("c1", 120 * S), simTrack("c2", 120 * S)]);
    for (const t of every(t0 - 5 * S, t0 + 5 * MIN, 10 * S)) {
      const snapshot = snapshotAt(script, t);
      const both = await Promise.all(
        [0, 1].map(() =>
          applyObservation(db(), { userId, provider: "spotify", observation: { snapshot }, now: t }),
        ),
      );
      expect(both.reduce((n, r) => n + r.listensWritten, 0)).toBeLessThanOrEqual(1);
    }
    const rows = await listensOf(userId);
    expect(rows.map((r) => r.title)).toEqual(["Song c1", "Song c2"]);
    expect(rows.every((r) => (r.msPlayed ?? 0) <= 120 * S)).toBe(true);
  });

  it("14: two workers observing a few ms apart never credit more than the wall time", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const script = album(t0, [simTrack("j1", 120 * S), simTrack("j2", 120 * S)]);
    for (const t of every(t0 - 5 * S, t0 + 5 * MIN, 10 * S)) {
      await Promise.all(
        [t, t + 40].map((x) =>
          applyObservation(db(), {
            userId,
            provider: "spotify",
            observation: { snapshot: snapshotAt(script, x) },
            now: x,
          }),
        ),
      );
    }
    const rows = await listensOf(userId);
    expect(rows.map((r) => r.title)).toEqual(["Song j1", "Song j2"]);
    expect(rows.every((r) => (r.msPlayed ?? 0) <= 120 * S)).toBe(true);
  });

  it("14: a step computed from a stale read is redone on the current state, never written over it", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const script = album(t0, [simTrack("v1", 120 * S), simTrack("v2", 120 * S)]);
    await poll(userId, script, every(t0 - 5 * S, t0 + 60 * S, 10 * S));
    const stale = await loadState(db(), userId, "spotify");
    await poll(userId, script, [t0 + 70 * S]);
    // A second worker read before that write and observed in between: its step must not land.
    const late = t0 + 65 * S;
    const r = await applyObservation(db(), {
      userId,
      provider: "spotify",
      observation: { snapshot: snapshotAt(script, late) },
      now: late,
      stored: stale,
    });
    expect(r.listensWritten).toBe(0);
    expect((await loadState(db(), userId, "spotify")).meta?.lastObservedAt).toBe(t0 + 70 * S);
    await poll(userId, script, every(t0 + 80 * S, t0 + 5 * MIN, 10 * S));
    expect((await listensOf(userId)).map((l) => l.title)).toEqual(["Song v1", "Song v2"]);
  });

  it("14: concurrent polls' state writes share one statement; a stale one among them is refused and redone", async () => {
    const users = await Promise.all([setup(), setup(), setup()]);
    const [stalest, ...others] = users as [number, number, number];
    const t0 = freshClock();
    const script = album(t0, [simTrack("b1", 120 * S), simTrack("b2", 120 * S)]);
    const pollAll = (ids: number[], t: number) =>
      Promise.all(
        ids.map((userId) =>
          applyObservation(db(), {
            userId,
            provider: "spotify",
            observation: { snapshot: snapshotAt(script, t) },
            now: t,
          }),
        ),
      );
    const stats = () => ({ ...(coalesceStats.get("poll state writes") ?? { batches: 0, items: 0 }) });
    const before = stats();
    const ticks = every(t0 - 5 * S, t0 + 60 * S, 10 * S);
    for (const t of ticks) await pollAll(users, t);
    // Three users' polls at once at every tick: fewer statements than writes.
    const after = stats();
    expect(after.items - before.items).toBe(3 * ticks.length);
    expect(after.batches - before.batches).toBeLessThan(after.items - before.items);

    const stale = await loadState(db(), stalest, "spotify");
    await poll(stalest, script, [t0 + 70 * S]);
    // In one batch: a step computed from the stale read, next to the others' current ones.
    const late = t0 + 65 * S;
    const [r] = await Promise.all([
      applyObservation(db(), {
        userId: stalest,
        provider: "spotify",
        observation: { snapshot: snapshotAt(script, late) },
        now: late,
        stored: stale,
      }),
      pollAll(others, t0 + 70 * S),
    ]);
    expect(r.listensWritten).toBe(0);
    for (const userId of users)
      expect((await loadState(db(), userId, "spotify")).meta?.lastObservedAt).toBe(t0 + 70 * S);
    for (const t of every(t0 + 80 * S, t0 + 5 * MIN, 10 * S)) await pollAll(users, t);
    for (const userId of users)
      expect((await listensOf(userId)).map((l) => l.title)).toEqual(["Song b1", "Song b2"]);
  });

  it("a batched state write removes a session the step dropped, and only that user's", async () => {
    const [a, b] = [await setup(), await setup()];
    const t0 = freshClock();
    // A session without a pass, idle for over an hour (what a Yandex extrapolation leaves behind).
    const idle = (userId: number) => ({
      userId,
      provider: "spotify" as const,
      deviceKey: "old-device",
      state: {
        v: 1,
        sessionId: `s-${userId}`,
        deviceKey: "old-device",
        passNo: 1,
        pass: null,
        lastPassEndedAt: t0 - 2 * 3600_000,
        lastObservedAt: t0 - 2 * 3600_000,
        closedFrame: null,
      },
    });
    await db()
      .insert(playbackSessions)
      .values([idle(a), idle(b)]);
    const none = fromSpotifyPlayer(null, t0);
    const [r] = await Promise.all([
      applyObservation(db(), { userId: a, provider: "spotify", observation: { snapshot: none }, now: t0 }),
      // Another user's write in the same batch, whose own idle session is young enough to stay.
      applyObservation(db(), {
        userId: b,
        provider: "spotify",
        observation: { snapshot: none },
        now: t0 - 2 * 3600_000 + 10 * MIN,
      }),
    ]);
    expect(r.listensWritten).toBe(0);
    const devices = async (userId: number) =>
      (await db().select().from(playbackSessions).where(eq(playbackSessions.userId, userId)))
        .map((s) => s.deviceKey)
        .sort();
    expect(await devices(a)).toEqual([META_DEVICE]);
    expect(await devices(b)).toEqual([META_DEVICE, "old-device"].sort());
  });

  it("a failing poll keeps the pass and asks for reconciliation on recovery", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const script = album(t0, [simTrack("f1", 200 * S)]);
    await poll(userId, script, every(t0, t0 + 50 * S, 10 * S));
    const failed = await applyObservation(db(), {
      userId,
      provider: "spotify",
      observation: { failure: "503" },
      now: t0 + 60 * S,
    });
    expect(failed.listensWritten).toBe(0);
    const [back] = await poll(userId, script, [t0 + 90 * S]);
    expect(back?.needsReconcile).toBe(true);
    await poll(userId, script, every(t0 + 100 * S, t0 + 5 * MIN, 10 * S));
    expect((await listensOf(userId)).map((r) => r.title)).toEqual(["Song f1"]);
  });

  it("10/10d: private sessions record nothing; local files are keyed by metadata", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const device = { id: "dev", name: "Laptop", is_private_session: false };
    const local = {
      type: "track",
      id: null,
      is_local: true,
      name: "Home Demo",
      duration_ms: 150_000,
      artists: [{ name: "Me" }],
    };
    const body = (pos: number, priv = false) => ({
      device: { ...device, is_private_session: priv },
      progress_ms: pos,
      is_playing: true,
      currently_playing_type: "track",
      item: local,
    });
    const snaps: Snapshot[] = [];
    for (let p = 0; p <= 150; p += 10) snaps.push(fromSpotifyPlayer(body(p * S), t0 + p * S));
    snaps.push(fromSpotifyPlayer(null, t0 + 160 * S), fromSpotifyPlayer(null, t0 + 170 * S));
    for (let p = 0; p <= 150; p += 10) snaps.push(fromSpotifyPlayer(body(p * S, true), t0 + 200 * S + p * S));
    for (const s of snaps)
      await applyObservation(db(), {
        userId,
        provider: "spotify",
        observation: { snapshot: s },
        now: s.observedAt,
      });
    const rows = await listensOf(userId);
    expect(rows.map((r) => [r.title, r.skipped])).toEqual([["Home Demo", false]]);
    expect(rows[0]?.dedupKey).toMatch(/^live:spotify:/);
  });
});

describe("applyPoll (the worker's entry point)", () => {
  it("takes converter snapshots and failures, and rejects anything else", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const body = {
      device: { id: "d" },
      is_playing: true,
      progress_ms: 1000,
      currently_playing_type: "track",
      item: { type: "track", id: "p1", name: "P", duration_ms: 100_000, artists: [{ name: "A" }] },
    };
    const ok = await applyPoll(db(), {
      userId,
      provider: "spotify",
      snapshot: fromSpotifyPlayer(body, t0),
      now: new Date(t0),
    });
    expect(ok).toMatchObject({ listensWritten: 0, listensSkipped: 0, nextPollInMs: 10_000 });
    const failed = await applyPoll(db(), {
      userId,
      provider: "spotify",
      failure: { kind: "http", message: "503" },
      now: new Date(t0 + 10_000),
    });
    expect(failed.nextPollInMs).toBe(30_000);
    await expect(
      applyPoll(db(), { userId, provider: "spotify", snapshot: body, now: new Date(t0) }),
    ).rejects.toThrow(TypeError);
  });
});

describe("Yandex corrections and repeated writes (DB)", () => {
  it("12b: a frame proving an extrapolated end wrong rewrites that listen as skipped", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const frame = (at: number, progressMs: number, paused = false) =>
      ynisonState({
        receivedAt: at,
        trackId: "y-db",
        durationMs: 180 * S,
        progressMs,
        paused,
        activeDeviceId: "station",
        title: "Yandex Song",
      });
    const apply = (y: YnisonState, t: number) =>
      applyObservation(db(), {
        userId,
        provider: "yandex",
        observation: { snapshot: fromYnisonState(y, t) },
        now: t,
      });
    for (const t of every(t0, t0 + 300 * S, 10 * S))
      await apply(frame(t0 + Math.min(t - t0, 60 * S), Math.min(t - t0, 60 * S)), t);
    let rows = await listensOf(userId);
    expect(rows.map((r) => [r.title, r.skipped])).toEqual([["Yandex Song", false]]);
    await apply(frame(t0 + 360 * S, 70 * S, true), t0 + 360 * S);
    rows = await listensOf(userId);
    expect(rows.map((r) => [r.skipped, r.msPlayed])).toEqual([[true, 70 * S]]);
  });

  it("14: writing the same finalised passes twice at once is a no-op the second time", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const track = trackInput(simTrack("dup", 200 * S));
    const pass = {
      dedupKey: `live:spotify:test-${t0}:1`,
      provider: "spotify" as const,
      sessionId: `test-${t0}`,
      passNo: 1,
      deviceKey: "d",
      trackKey: "dup",
      track,
      durationMs: 200 * S,
      startedAt: t0,
      endedAt: t0 + 200 * S,
      listenedMs: 200 * S,
      counts: true,
      completed: true,
      reason: "track-change" as const,
    };
    const both = await Promise.all([writePasses(db(), userId, [pass]), writePasses(db(), userId, [pass])]);
    expect(both.map((b) => b.listensWritten).sort()).toEqual([0, 1]);
    expect(await listensOf(userId)).toHaveLength(1);
  });
});

describe("sameJson (unchanged sessions are not rewritten)", () => {
  it("is JSON equality: key order aside, undefined as absent, arrays by position", () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson({ a: "1" }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, undefined)).toBe(false);
  });
});
