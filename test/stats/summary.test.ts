import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { statsParams } from "@/lib/stats/params";
import { getSummary } from "@/lib/stats/summary";
import { getTop } from "@/lib/stats/top";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const at = "2026-05-01T12:00:00Z";

describe("summary (seed-app-contract §2.3)", () => {
  it("is the empty card for a user with no listens", async () => {
    const user = await createTestUser();
    expect(await getSummary(getDb(), statsParams({ id: user.id, timeZone: "UTC" }, {}))).toEqual({
      top_genre: { name: "—", percent: 0 },
      top_artist: { name: "—", percent: 0 },
    });
  });

  it("counts distinct tracks, each credited artist, skips empty genres, breaks ties by name", async () => {
    const db = getDb();
    const user = await createTestUser();
    const tag = uniqueName("s");
    const [alpha, beta, gamma, aaa] = ["m-alpha", "m-beta", "m-gamma", "a-aaa"].map((n) => `${n}-${tag}`);
    // One track played many times must not beat an artist with more distinct tracks.
    const t1 = await makeTrack(db, { artists: [beta ?? ""], albumGenre: "rock" });
    const t2 = await makeTrack(db, { artists: [alpha ?? ""], albumGenre: "pop" });
    const t3 = await makeTrack(db, { artists: [`${alpha}-2`, gamma ?? ""], albumGenre: "  " });
    const t4 = await makeTrack(db, { artists: [alpha ?? ""], albumGenre: "" });
    // Listens that do not count: skipped, and a merged duplicate.
    const skippedOnly = await makeTrack(db, { artists: [aaa ?? ""], albumGenre: "aaa-genre" });
    const uid = user.id;
    for (let i = 0; i < 10; i++) await addListen(db, { userId: uid, trackId: t1.trackId, at });
    const first = await addListen(db, { userId: uid, trackId: t2.trackId, at });
    await addListen(db, { userId: uid, trackId: t3.trackId, at, source: "yandex" });
    await addListen(db, { userId: uid, trackId: t4.trackId, at });
    await addListen(db, { userId: uid, trackId: skippedOnly.trackId, at, skipped: true });
    await addListen(db, { userId: uid, trackId: skippedOnly.trackId, at, duplicateOf: first });

    const p = statsParams({ id: uid, timeZone: "UTC" }, {});
    const summary = await getSummary(db, p);
    // 4 distinct tracks; alpha is on t2 and t4 → 2/4 = 50 %, although beta has 10 plays.
    expect(summary.top_artist).toEqual({ name: alpha, percent: 50 });
    // pop and rock have one track each: the tie goes to "pop" by name; blank genres never count.
    expect(summary.top_genre).toEqual({ name: "pop", percent: 25 });

    const yandex = await getSummary(db, statsParams({ id: uid, timeZone: "UTC" }, { source: "yandex" }));
    // Only t3 (credited to alpha-2 and gamma, one track each): the tie goes to the smaller name.
    expect(yandex.top_artist).toEqual({ name: `${alpha}-2`, percent: 100 });
    expect(yandex.top_genre).toEqual({ name: "—", percent: 0 });

    const top = await getTop(db, p, { kind: "artists", by: "plays", limit: 10 });
    expect(top.items[0]).toMatchObject({ name: beta, plays: 10 });
    expect(top.total.plays).toBe(13);
    expect(top.items.some((i) => i.name === aaa)).toBe(false);
  });

  it("floors percentages", async () => {
    const db = getDb();
    const user = await createTestUser();
    const tag = uniqueName("f");
    const tracks: { trackId: number }[] = [];
    for (let i = 0; i < 3; i++)
      tracks.push(await makeTrack(db, { artists: [`${tag}-${i === 0 ? "x" : i}`] }));
    for (const t of tracks) await addListen(db, { userId: user.id, trackId: t.trackId, at });
    const s = await getSummary(db, statsParams({ id: user.id, timeZone: "UTC" }, {}));
    expect(s.top_artist).toEqual({ name: `${tag}-1`, percent: 33 });
  });
});
