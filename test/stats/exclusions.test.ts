import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { addExclusion, listExclusions, removeExclusion } from "@/lib/stats/exclusions";
import { getHistory } from "@/lib/stats/history";
import { getOverview } from "@/lib/stats/overview";
import { statsParams } from "@/lib/stats/params";
import { getTop } from "@/lib/stats/top";
import { getTrackDetail } from "@/lib/stats/track";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const at = (day: number) => new Date(Date.UTC(2026, 2, day, 12));

describe("exclusions: hide an artist or a track from the stats, keep the history (issue #19)", () => {
  it("takes the listens out of every statistic, keeps them in history, and puts them back exactly", async () => {
    const db = getDb();
    const user = await createTestUser();
    const other = await createTestUser();
    const noise = await makeTrack(db, { artists: ["White Noise Co"] });
    const song = await makeTrack(db, { artists: ["Kino"] });
    for (let d = 1; d <= 6; d++) await addListen(db, { userId: user.id, trackId: noise.trackId, at: at(d) });
    for (let d = 1; d <= 2; d++) await addListen(db, { userId: user.id, trackId: song.trackId, at: at(d) });
    await addListen(db, { userId: other.id, trackId: noise.trackId, at: at(3) });

    const p = statsParams({ id: user.id, timeZone: "UTC" }, { range: "all" });
    const bounded = statsParams({ id: user.id, timeZone: "UTC" }, { from: "2026-03-01", to: "2026-03-31" });
    const topArtists = async (q = p) =>
      (await getTop(db, q, { kind: "artists", by: "plays", limit: 10 })).items.map((i) => [i.name, i.plays]);
    expect(await topArtists()).toEqual([
      ["White Noise Co", 6],
      ["Kino", 2],
    ]);

    await addExclusion(db, user.id, { kind: "artist", id: noise.artistIds[0] ?? 0 });
    // All time (group totals) and a bounded range (raw listens) agree.
    expect(await topArtists()).toEqual([["Kino", 2]]);
    expect(await topArtists(bounded)).toEqual([["Kino", 2]]);
    expect((await getOverview(db, p)).plays).toBe(2);
    expect((await getOverview(db, bounded)).plays).toBe(2);
    // A new listen of a hidden artist's track arrives hidden (the insert trigger), on any writer.
    await addListen(db, { userId: user.id, trackId: noise.trackId, at: at(7) });
    expect((await getOverview(db, p)).plays).toBe(2);
    // History keeps everything, marked; the track page says why its numbers are zero.
    const history = await getHistory(db, p, { limit: 50 });
    expect(history.items).toHaveLength(9);
    expect(history.items.filter((i) => i.hidden)).toHaveLength(7);
    const detail = await getTrackDetail(db, p, noise.trackId);
    expect(detail.track.hidden).toBe("artist");
    expect(detail.stats.plays).toBe(0);
    // Another user who heard the same track sees it as before.
    const theirs = statsParams({ id: other.id, timeZone: "UTC" }, { range: "all" });
    expect((await getOverview(db, theirs)).plays).toBe(1);

    const listed = await listExclusions(db, user.id);
    expect(listed.items.map((e) => [e.kind, e.name, e.listens])).toEqual([["artist", "White Noise Co", 7]]);

    // A track hidden by itself as well stays hidden when its artist is shown again.
    await addExclusion(db, user.id, { kind: "track", id: noise.trackId });
    await removeExclusion(db, user.id, { kind: "artist", id: noise.artistIds[0] ?? 0 });
    expect((await getOverview(db, p)).plays).toBe(2);
    expect((await getTrackDetail(db, p, noise.trackId)).track.hidden).toBe("track");
    await removeExclusion(db, user.id, { kind: "track", id: noise.trackId });
    expect(await topArtists()).toEqual([
      ["White Noise Co", 7],
      ["Kino", 2],
    ]);
    expect(await topArtists(bounded)).toEqual([
      ["White Noise Co", 7],
      ["Kino", 2],
    ]);
    expect((await listExclusions(db, user.id)).items).toEqual([]);
  });

  it("is an API scoped to the signed-in user that checks what it is given", async () => {
    const db = getDb();
    const user = await createTestUser();
    const stranger = await createTestUser();
    const mine = await makeTrack(db);
    const theirs = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId: mine.trackId, at: at(1) });
    await addListen(db, { userId: stranger.id, trackId: theirs.trackId, at: at(1) });

    const web = new TestClient();
    expect((await web.fetch("/api/stats/exclusions")).status).toBe(401);
    await web.signIn(user.username, user.password);
    const bad = await web.json("/api/stats/exclusions", "POST", { kind: "album", id: mine.trackId });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("kind");
    // A track only someone else heard is not the user's to hide (and does not reveal itself).
    const unheard = await web.json("/api/stats/exclusions", "POST", { kind: "track", id: theirs.trackId });
    expect(unheard.status).toBe(404);
    const hide = await web.json("/api/stats/exclusions", "POST", { kind: "track", id: mine.trackId });
    expect(hide.status).toBe(200);
    const list = (await (await web.fetch("/api/stats/exclusions")).json()) as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).toEqual([mine.trackId]);
    const show = await web.fetch(`/api/stats/exclusions?kind=track&id=${mine.trackId}`, { method: "DELETE" });
    expect(show.status).toBe(200);
    expect(((await (await web.fetch("/api/stats/exclusions")).json()) as { items: [] }).items).toEqual([]);
  });
});
