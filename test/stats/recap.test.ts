import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

let client: TestClient;

beforeAll(async () => {
  const db = getDb();
  const me = await createTestUser({ prefix: "recap" });
  const them = await createTestUser({ prefix: "recap-other" });
  await db.execute(sql`update users set time_zone = 'Europe/Moscow' where id = ${me.id}`);
  const old = await makeTrack(db, {
    title: "Старая песня",
    artists: ["Земфира-рекап"],
    albumGenre: "rusrock",
  });
  const fresh = await makeTrack(db, { title: "New Song", artists: ["Fresh Artist"], albumGenre: "indie" });
  const theirs = await makeTrack(db, { title: "Their Recap Song", albumGenre: "jazz" });
  const add = (trackId: number, at: string, extra: { skipped?: boolean } = {}) =>
    addListen(db, { userId: me.id, trackId, at, ...extra });
  await add(old.trackId, "2023-05-05T12:00:00+03:00");
  for (const at of ["2024-03-01T12:00:00+03:00", "2024-03-02T12:00:00+03:00", "2024-03-02T13:00:00+03:00"])
    await add(old.trackId, at);
  await add(old.trackId, "2024-03-03T12:00:00+03:00");
  await add(old.trackId, "2024-03-04T12:00:00+03:00", { skipped: true });
  // 23:30 UTC on 10 July is 02:30 on 11 July in Moscow: the day and the hour are the user's own.
  await add(fresh.trackId, "2024-07-10T23:30:00Z");
  // New Year's Eve 22:30 UTC is already next year in Moscow.
  await add(fresh.trackId, "2023-12-31T22:30:00Z");
  for (let i = 0; i < 4; i++)
    await addListen(db, { userId: them.id, trackId: theirs.trackId, at: `2024-03-0${i + 1}T12:00:00Z` });
  client = new TestClient();
  await client.signIn(me.username, me.password);
});

describe("GET /api/stats/recap", () => {
  it("answers 401 when not signed in and 400 naming the field for a bad year or month", async () => {
    expect((await new TestClient().fetch("/api/stats/recap?year=2024")).status).toBe(401);
    for (const [qs, field] of [
      ["", "year"],
      ["?year=abc", "year"],
      ["?year=1800", "year"],
      ["?year=2024.5", "year"],
      ["?year=2024&month=13", "month"],
    ]) {
      const res = await client.fetch(`/api/stats/recap${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await res.json()).toMatchObject({ status: "error", field });
    }
  });

  it("sums a year in the user's zone: totals, tops, months, discoveries, streak, busiest day, clock", async () => {
    const r = await (await client.fetch("/api/stats/recap?year=2024")).json();
    expect(r.years).toEqual([2024, 2023]);
    expect(r).toMatchObject({ year: 2024, month: null, from: "2024-01-01", to: "2024-12-31" });
    expect(r.totals).toEqual({ plays: 6, minutes: 18, tracks: 2, artists: 2, activeDays: 5 });
    expect(r.top.artists.map((a: { name: string }) => a.name)).toEqual(["Земфира-рекап", "Fresh Artist"]);
    expect(r.top.artists[0]).toMatchObject({ plays: 4, minutes: 12, share: 66.7 });
    expect(r.top.tracks[0]).toMatchObject({ name: "Старая песня", subtitle: "Земфира-рекап", plays: 4 });
    expect(r.top.albums).toHaveLength(2);
    expect(r.top.genres.map((g: { name: string }) => g.name)).toEqual(["rusrock", "indie"]);
    expect(r.months).toHaveLength(12);
    expect(r.months[0]).toMatchObject({ month: "2024-01", plays: 1, topArtist: { name: "Fresh Artist" } });
    expect(r.months[2]).toMatchObject({ plays: 4, topArtist: { name: "Земфира-рекап", plays: 4 } });
    expect(r.months[6]).toMatchObject({ plays: 1, topArtist: { name: "Fresh Artist" } });
    expect(r.months[1]).toMatchObject({ plays: 0, topArtist: null });
    // Fresh Artist was first heard in Moscow's 2024 (the 2023-12-31 UTC listen); Земфира in 2023.
    expect(r.discoveries.count).toBe(1);
    expect(r.discoveries.artists.map((a: { name: string }) => a.name)).toEqual(["Fresh Artist"]);
    expect(r.longestStreak).toEqual({ days: 3, from: "2024-03-01", to: "2024-03-03" });
    expect(r.busiestDay).toEqual({ date: "2024-03-02", plays: 2, minutes: 6 });
    expect(r.clock).toHaveLength(24);
    expect(r.clock[2]).toBe(1);
    expect(r.clock[12]).toBe(3);
    expect(r.clock.reduce((a: number, b: number) => a + b, 0)).toBe(6);
    expect(r.half).toEqual({ artists: 1, of: 2 });
  });

  it("recaps one month, and an artist heard in an earlier year is no discovery", async () => {
    const march = await (await client.fetch("/api/stats/recap?year=2024&month=3")).json();
    expect(march).toMatchObject({ month: 3, from: "2024-03-01", to: "2024-03-31" });
    expect(march.totals.plays).toBe(4);
    expect(march.months).toHaveLength(1);
    expect(march.discoveries.count).toBe(0);
    const july = await (await client.fetch("/api/stats/recap?year=2024&month=7")).json();
    expect(july.totals.plays).toBe(1);
    expect(july.busiestDay.date).toBe("2024-07-11");
    // Heard in January of the same year, so not new in July.
    expect(july.discoveries.count).toBe(0);
    const y2023 = await (await client.fetch("/api/stats/recap?year=2023")).json();
    expect(y2023.totals.plays).toBe(1);
    expect(y2023.discoveries.artists.map((a: { name: string }) => a.name)).toEqual(["Земфира-рекап"]);
  });

  it("answers an empty year with zeros, never another user's listens", async () => {
    const r = await (await client.fetch("/api/stats/recap?year=2019")).json();
    expect(r.totals).toEqual({ plays: 0, minutes: 0, tracks: 0, artists: 0, activeDays: 0 });
    expect(r.top.tracks).toEqual([]);
    expect(r.busiestDay).toBeNull();
    expect(r.longestStreak.days).toBe(0);
    expect(r.discoveries).toEqual({ count: 0, artists: [] });
    const mine = await (await client.fetch("/api/stats/recap?year=2024")).json();
    expect(JSON.stringify(mine)).not.toContain("Their Recap Song");
  });
});
