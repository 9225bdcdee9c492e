import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const STATS = [
  "/api/stats/summary",
  "/api/stats/recent",
  "/api/stats/activity",
  "/api/stats/top",
  "/api/stats/overview",
  "/api/stats/heatmap",
  "/api/stats/calendar",
  "/api/stats/timeline",
  "/api/history",
  "/api/stats/for-you",
  "/api/likes",
];

type World = {
  client: TestClient;
  other: TestClient;
  trackId: number;
  artistId: number;
  listenId: number;
  otherTrack: number;
};
let w: World;

beforeAll(async () => {
  const db = getDb();
  const me = await createTestUser({ prefix: "me" });
  const them = await createTestUser({ prefix: "them" });
  const mine = await makeTrack(db, { title: "Мой трек", artists: ["Кино-тест"], albumGenre: "rusrock" });
  const theirs = await makeTrack(db, { title: "Their Secret Song", albumGenre: "jazz" });
  const now = Date.now();
  let listenId = 0;
  for (let i = 0; i < 5; i++) {
    listenId = await addListen(db, {
      userId: me.id,
      trackId: mine.trackId,
      at: new Date(now - i * 3_600_000),
      source: "yandex",
    });
  }
  for (let i = 0; i < 3; i++) {
    await addListen(db, { userId: them.id, trackId: theirs.trackId, at: new Date(now - i * 60_000) });
  }
  const client = new TestClient();
  await client.signIn(me.username, me.password);
  const other = new TestClient();
  await other.signIn(them.username, them.password);
  w = {
    client,
    other,
    trackId: mine.trackId,
    artistId: mine.artistIds[0] ?? 0,
    listenId,
    otherTrack: theirs.trackId,
  };
});

describe("stats API contract", () => {
  it.each(STATS)("%s answers 401 JSON when not signed in", async (path) => {
    const res = await new TestClient().fetch(path);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: "error", message: "Authentication required" });
  });

  it.each(STATS)("%s answers 400 Invalid source for an unknown source", async (path) => {
    const res = await w.client.fetch(`${path}?source=deezer`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: "error", message: "Invalid source" });
  });

  it.each(STATS)("%s answers 400 naming range for a bad range", async (path) => {
    const res = await w.client.fetch(`${path}?range=forever`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: "range" });
  });

  it("keeps the original field names for summary, recent and activity", async () => {
    const summary = await (await w.client.fetch("/api/stats/summary")).json();
    expect(summary).toEqual({
      top_genre: { name: "rusrock", percent: 100 },
      top_artist: { name: "Кино-тест", percent: 100 },
    });
    const recent = await (await w.client.fetch("/api/stats/recent?source=yandex")).json();
    expect(recent.tracks).toHaveLength(5);
    expect(recent.tracks[0]).toMatchObject({
      title: "Мой трек",
      artist: "Кино-тест",
      cover: "",
      track_id: w.trackId,
    });
    expect(Date.parse(recent.tracks[0].played_at)).toBeGreaterThan(Date.parse(recent.tracks[1].played_at));
    expect((await (await w.client.fetch("/api/stats/recent?source=spotify")).json()).tracks).toEqual([]);
    for (const [period, length] of [
      ["day", 24],
      ["week", 7],
      ["month", 12],
    ] as const) {
      const res = await w.client.fetch(`/api/stats/activity?period=${period}`);
      const body = await res.json();
      expect(body.data).toHaveLength(length);
      expect(body.data.reduce((a: number, b: number) => a + b, 0)).toBe(5);
    }
  });

  it("answers 400 Invalid period", async () => {
    const res = await w.client.fetch("/api/stats/activity?period=year");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: "error", message: "Invalid period" });
  });

  it("serves top lists, overview, heatmap, calendar and history with their shapes", async () => {
    for (const kind of ["artists", "tracks", "albums", "genres"]) {
      const top = await (await w.client.fetch(`/api/stats/top?kind=${kind}&by=time&range=7d`)).json();
      expect(top.items[0]).toMatchObject({ plays: 5, minutes: 15, share: 100 });
    }
    expect((await w.client.fetch("/api/stats/top?kind=labels")).status).toBe(400);
    const overview = await (await w.client.fetch("/api/stats/overview?range=30d")).json();
    expect(overview).toMatchObject({ plays: 5, minutes: 15, tracks: 1, artists: 1, albums: 1 });
    expect(overview.change).toHaveProperty("plays");
    const heat = await (await w.client.fetch("/api/stats/heatmap")).json();
    expect(heat.data).toHaveLength(7);
    expect(heat.data.flat().reduce((a: number, b: number) => a + b, 0)).toBe(5);
    const cal = await (await w.client.fetch("/api/stats/calendar")).json();
    expect(cal.streaks.current).toBeGreaterThanOrEqual(1);
    expect(cal.days.reduce((a: number, d: { plays: number }) => a + d.plays, 0)).toBe(5);
    const page1 = await (await w.client.fetch("/api/history?limit=3")).json();
    expect(page1.items).toHaveLength(3);
    const page2 = await (await w.client.fetch(`/api/history?limit=3&cursor=${page1.next_cursor}`)).json();
    expect(page2.items).toHaveLength(2);
    expect(page2.next_cursor).toBeNull();
    expect((await (await w.client.fetch("/api/history?q=%D0%BC%D0%BE%D0%B9")).json()).items).toHaveLength(5);
    expect((await (await w.client.fetch("/api/history?q=nothing-like-this")).json()).items).toHaveLength(0);
    expect((await w.client.fetch("/api/history?cursor=bogus")).status).toBe(400);
    expect((await w.client.fetch("/api/history?from=2026-02-01&to=2026-01-01")).status).toBe(400);
  });

  it("never shows one user another's listens", async () => {
    const theirs = await (await w.other.fetch("/api/history")).json();
    expect(theirs.items.every((i: { title: string }) => i.title === "Their Secret Song")).toBe(true);
    const mine = await (await w.client.fetch("/api/history")).json();
    expect(mine.items.some((i: { title: string }) => i.title === "Their Secret Song")).toBe(false);
    const top = await (await w.client.fetch("/api/stats/top?kind=tracks")).json();
    expect(top.items.map((i: { name: string }) => i.name)).toEqual(["Мой трек"]);
    expect((await w.client.fetch(`/api/tracks/${w.otherTrack}`)).status).toBe(404);
    expect((await w.client.fetch(`/api/tracks/${w.otherTrack}/lyrics`)).status).toBe(404);
    const del = await w.other.fetch(`/api/history/${w.listenId}`, { method: "DELETE" });
    expect(del.status).toBe(404);
  });

  it("serves track, artist and lyrics details, 404 for unknown ids, 400 for malformed ones", async () => {
    const track = await (await w.client.fetch(`/api/tracks/${w.trackId}`)).json();
    expect(track.track).toMatchObject({ id: w.trackId, title: "Мой трек", artist: "Кино-тест" });
    expect(track.stats).toMatchObject({ plays: 5, rank: 1 });
    const artist = await (await w.client.fetch(`/api/artists/${w.artistId}`)).json();
    expect(artist.artist.name).toBe("Кино-тест");
    expect(artist.stats.plays).toBe(5);
    const lyrics = await (await w.client.fetch(`/api/tracks/${w.trackId}/lyrics`)).json();
    expect(["pending", "not_found", "found", "instrumental"]).toContain(lyrics.status);
    expect((await w.client.fetch("/api/tracks/999999999")).status).toBe(404);
    expect((await w.client.fetch("/api/artists/99999999999999")).status).toBe(400);
    expect((await w.client.fetch("/api/tracks/abc")).status).toBe(400);
  });

  it("deletes a listen of one's own, and the stats follow", async () => {
    const res = await w.client.fetch(`/api/history/${w.listenId}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect((await w.client.fetch(`/api/history/${w.listenId}`, { method: "DELETE" })).status).toBe(404);
    const overview = await (await w.client.fetch("/api/stats/overview?range=30d")).json();
    expect(overview.plays).toBe(4);
    const cross = await w.client.fetch(`/api/history/${w.listenId}`, {
      method: "DELETE",
      headers: { origin: "https://evil.example" },
    });
    expect(cross.status).toBe(403);
  });
});
