import { describe, expect, it } from "vitest";
import type { TrackInput } from "@/lib/catalog/upsert";
import { db, freshClock, listensOf, setup } from "@/test/helpers/listening-db";
import type { FinalisedPass, ListenProvider } from "./types";
import { writePasses } from "./write";
import { applyRecentlyPlayed } from "./write-history";

/**
 * §7.1: the same song playing on Spotify and Yandex at once is one listen, the better-heard copy canonical,
 * whichever service's pass is finalised first; different songs at once, or one song twice in a row, stay two.
 */
const S = 1000;
let seq = 0;

function pass(
  provider: ListenProvider,
  title: string,
  startedAt: number,
  listenedMs: number,
  durationMs = 50 * S,
) {
  const track: TrackInput = {
    provider,
    externalId: `${provider}-${title}`,
    title: provider === "spotify" ? `${title} - Remastered 2011` : title,
    artists: [{ name: provider === "spotify" ? "Cross Band" : "cross band" }],
    durationMs,
  };
  const sessionId = `x-${++seq}`;
  return {
    dedupKey: `live:${provider}:${sessionId}:1`,
    provider,
    sessionId,
    passNo: 1,
    deviceKey: "d",
    trackKey: track.externalId ?? "",
    track,
    durationMs,
    startedAt,
    endedAt: startedAt + listenedMs,
    listenedMs,
    counts: true,
    completed: listenedMs >= durationMs - 10 * S,
    reason: "track-change",
  } satisfies FinalisedPass;
}

const counted = (rows: Awaited<ReturnType<typeof listensOf>>) =>
  rows.filter((r) => !r.skipped && r.duplicateOf === null);

describe("simultaneous playback on two services (§7.1)", () => {
  it.each([
    ["Spotify first", ["spotify", "yandex"]],
    ["Yandex first", ["yandex", "spotify"]],
  ] as const)(
    "one song on both at once is one listen, the longer-heard copy canonical (%s)",
    async (_n, order) => {
      const userId = await setup();
      const t0 = freshClock();
      const heard = { spotify: 50 * S, yandex: 44 * S };
      const start = { spotify: t0, yandex: t0 + 2 * S };
      for (const provider of order)
        await writePasses(db(), userId, [pass(provider, "Simultaneous", start[provider], heard[provider])]);
      const rows = await listensOf(userId);
      expect(rows).toHaveLength(2);
      expect(counted(rows)).toHaveLength(1);
      expect(counted(rows)[0]?.msPlayed).toBe(50 * S);
      const dup = rows.find((r) => r.duplicateOf !== null);
      expect(dup?.duplicateOf).toBe(counted(rows)[0]?.id);
    },
  );

  it("different songs at once, and one song twice in a row on the two services, stay separate listens", async () => {
    const userId = await setup();
    const t0 = freshClock();
    await writePasses(db(), userId, [pass("spotify", "Alpha Centauri", t0, 50 * S)]);
    await writePasses(db(), userId, [pass("yandex", "Bravo Sierra", t0 + 1 * S, 50 * S)]);
    await writePasses(db(), userId, [pass("yandex", "Alpha Centauri", t0 + 50 * S, 50 * S)]);
    expect(counted(await listensOf(userId))).toHaveLength(3);
  });

  it("a Spotify play that only recently-played brought in is one listen with the Yandex copy", async () => {
    const userId = await setup();
    const t0 = freshClock();
    await writePasses(db(), userId, [pass("yandex", "Missed Live", t0, 50 * S)]);
    const { track } = pass("spotify", "Missed Live", t0, 50 * S);
    const r = await applyRecentlyPlayed(db(), {
      userId,
      items: [{ playedAt: t0 + 51 * S, trackRef: track.externalId ?? "", durationMs: 50 * S, track }],
      now: t0 + 5 * 60 * S,
    });
    expect(r).toMatchObject({ inserted: 0, duplicates: 1 });
    const rows = await listensOf(userId);
    expect(rows).toHaveLength(2);
    expect(counted(rows)).toHaveLength(1);
  });
});
