import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connections } from "@/db/schema";
import { db, every, freshClock, listensOf, poll, setup } from "@/test/helpers/listening-db";
import { album, MIN, S, simTrack, trackInput } from "@/test/helpers/player-sim";
import { applyRecentlyPlayed, parseRecentlyPlayed, type RecentItem } from "./write-history";

describe("applyRecentlyPlayed (DB)", () => {
  const item = (key: string, durS: number, playedAt: number): RecentItem => ({
    playedAt,
    trackRef: key,
    durationMs: durS * S,
    track: trackInput(simTrack(key, durS * S)),
  });

  it("8b: fills what the live watcher missed, sets played_at on matches, and a re-run is a no-op", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const tr = [simTrack("h1", 180 * S), simTrack("h2", 120 * S), simTrack("h3", 150 * S)];
    const script = album(t0, tr);
    const times = every(t0 - 5 * S, t0 + 10 * MIN, 10 * S).filter(
      (t) => t < t0 + 100 * S || t > t0 + 400 * S,
    );
    await poll(userId, script, times);
    expect((await listensOf(userId)).map((r) => r.title)).toEqual(["Song h1", "Song h3"]);

    const items = [
      item("h3", 150, t0 + 450 * S),
      item("h2", 120, t0 + 300 * S),
      item("h1", 180, t0 + 180 * S),
    ];
    const first = await applyRecentlyPlayed(db(), { userId, items, now: t0 + 11 * MIN });
    expect(first).toMatchObject({ matched: 2, inserted: 1, duplicates: 0, gap: false, cursor: t0 + 450 * S });
    const rows = await listensOf(userId);
    expect(rows.map((r) => [r.title, r.origin])).toEqual([
      ["Song h1", "live"],
      ["Song h2", "history"],
      ["Song h3", "live"],
    ]);
    expect(rows[0]?.spotifyPlayedAt?.getTime()).toBe(t0 + 180 * S);
    expect(rows[1]?.startedAt.getTime()).toBeGreaterThanOrEqual(rows[0]?.endedAt?.getTime() ?? 0);

    const again = await applyRecentlyPlayed(db(), { userId, items, cursor: null, now: t0 + 12 * MIN });
    expect(again).toMatchObject({ matched: 0, inserted: 0 });
    expect(await listensOf(userId)).toHaveLength(3);
    const [conn] = await db()
      .select()
      .from(connections)
      .where(and(eq(connections.userId, userId), eq(connections.provider, "spotify")));
    expect(conn?.recentCursor).toBe(t0 + 450 * S);
    expect(conn?.gap).toBeNull();
  });

  it("a live pass that ends after recently-played brought its play in is that play, not a second listen", async () => {
    // The race the kill -9 test showed: a reconcile (after a gap, a restart) ran while the pass was open.
    const userId = await setup();
    const t0 = freshClock();
    const script = album(t0, [simTrack("r1", 120 * S), simTrack("r2", 200 * S)]);
    await poll(userId, script, every(t0 - 5 * S, t0 + 100 * S, 10 * S));
    const r = await applyRecentlyPlayed(db(), {
      userId,
      items: [item("r1", 120, t0 + 120 * S)],
      now: t0 + 121 * S,
    });
    expect(r.inserted).toBe(1);
    const results = await poll(userId, script, every(t0 + 110 * S, t0 + 200 * S, 10 * S));
    expect(results.reduce((n, x) => n + x.listensWritten, 0)).toBe(0);
    const rows = (await listensOf(userId)).filter((x) => x.title === "Song r1");
    const history = rows.find((x) => x.origin === "history");
    const live = rows.find((x) => x.origin === "live");
    expect(rows).toHaveLength(2);
    expect(history?.duplicateOf).toBeNull();
    expect(live?.duplicateOf).toBe(history?.id);
  });

  it("records a gap when 50 items are all newer than the cursor", async () => {
    const userId = await setup();
    const t0 = freshClock();
    const items = Array.from({ length: 50 }, (_, i) => item(`g${i}`, 180, t0 + (i + 1) * 200 * S));
    const r = await applyRecentlyPlayed(db(), { userId, items, cursor: t0, now: t0 + 200 * MIN });
    expect(r).toMatchObject({ inserted: 50, gap: true });
    const [conn] = await db().select().from(connections).where(eq(connections.userId, userId));
    expect(conn?.gap?.missedAtLeast).toBe(1);
  });

  it("parses a recently-played body, end-stamped, skipping episodes and zone-less stamps", () => {
    const body = {
      items: [
        {
          played_at: "2026-01-02T00:05:00.456Z",
          track: {
            type: "track",
            id: "1Trk",
            name: "Song",
            duration_ms: 233000,
            artists: [{ id: "a", name: "A" }],
          },
          context: null,
        },
        {
          played_at: "2026-01-02T00:01:00.000Z",
          track: { type: "episode", id: "e", name: "Ep", duration_ms: 1 },
        },
        {
          played_at: "2026-01-02T00:00:00",
          track: { type: "track", id: "naive", name: "N", duration_ms: 1 },
        },
      ],
      cursors: { after: "1767312300456" },
    };
    const items = parseRecentlyPlayed(body);
    expect(items).toEqual([
      expect.objectContaining({
        playedAt: Date.parse("2026-01-02T00:05:00.456Z"),
        trackRef: "1Trk",
        durationMs: 233000,
      }),
    ]);
  });
});
