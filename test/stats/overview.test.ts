import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getOverview } from "@/lib/stats/overview";
import { type StatsQuery, statsParams } from "@/lib/stats/params";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

// Moscow (UTC+3, no DST): local midnight is 21:00 UTC the day before, so every bound below is a local day.
const tz = "Europe/Moscow";
const now = Date.parse("2026-06-15T12:00:00Z");

async function world() {
  const db = getDb();
  const user = await createTestUser();
  const a = await makeTrack(db);
  const b = await makeTrack(db, { artists: ["x", "y"].map((n) => `${n}-${a.trackId}`) });
  const listen = (trackId: number, at: string) => addListen(db, { userId: user.id, trackId, at });
  // This year's last 30 days (from 17 May 00:00 local): these 4 plays and the 2 of 22 May below.
  for (const at of ["2026-06-01T10:00:00Z", "2026-06-02T10:00:00Z", "2026-05-16T21:30:00Z"])
    await listen(a.trackId, at);
  await listen(b.trackId, "2026-06-05T10:00:00Z");
  // A year earlier (17 May 2025 00:00 local – 15 June 2025 15:00 local): these 2 plays, 1 June 2025 below…
  await listen(a.trackId, "2025-05-16T21:30:00Z");
  await listen(a.trackId, "2025-06-15T10:00:00Z");
  // …and two just outside it.
  await listen(b.trackId, "2025-05-16T20:30:00Z");
  await listen(b.trackId, "2025-06-15T13:00:00Z");
  // The 10 days before the custom period 1–10 June 2026 (22–31 May local), and one just before that.
  await listen(b.trackId, "2026-05-21T21:30:00Z");
  await listen(b.trackId, "2026-05-21T20:30:00Z");
  // The custom period a year earlier (1–10 June 2025 local).
  await listen(b.trackId, "2025-06-01T10:00:00Z");
  return (q: StatsQuery) => getOverview(db, statsParams({ id: user.id, timeZone: tz }, q, { now }));
}

describe("overview comparisons", () => {
  it("compares a preset range with the same days a year earlier", async () => {
    const overview = await world();
    const o = await overview({ range: "30d" });
    expect(o).toMatchObject({ plays: 6, minutes: 18, tracks: 2, artists: 3, albums: 2 });
    expect(o.yearAgo).toEqual({ plays: 3, minutes: 9, tracks: 2, artists: 3, albums: 2 });
    expect(o.yearAgoChange).toEqual({ plays: 100, minutes: 100, tracks: 0, artists: 0, albums: 0 });
    expect(o.yearAgoRange).toEqual({
      key: "30d",
      from: "2025-05-16T21:00:00.000Z",
      to: "2025-06-15T12:00:00.000Z",
    });
    // The fields that were there before stay.
    expect(o.previous).not.toBeNull();
    expect(Object.keys(o.change)).toEqual(["plays", "minutes", "tracks", "artists", "albums"]);
  });

  it("compares a custom period with as many days before it and with a year earlier", async () => {
    const overview = await world();
    const o = await overview({ from: "2026-06-01", to: "2026-06-10" });
    expect(o).toMatchObject({ plays: 3, tracks: 2, range: { key: "custom" } });
    expect(o.previousRange).toEqual({
      key: "custom",
      from: "2026-05-21T21:00:00.000Z",
      to: "2026-05-31T21:00:00.000Z",
    });
    expect(o.previous).toEqual({ plays: 1, minutes: 3, tracks: 1, artists: 2, albums: 1 });
    expect(o.change.plays).toBe(200);
    expect(o.yearAgo).toEqual({ plays: 1, minutes: 3, tracks: 1, artists: 2, albums: 1 });
    expect(o.yearAgoChange).toEqual({ plays: 200, minutes: 200, tracks: 100, artists: 50, albums: 100 });
  });

  it("has nothing to compare for all time", async () => {
    const overview = await world();
    const o = await overview({ range: "all" });
    expect(o.plays).toBe(11);
    expect([o.previous, o.yearAgo, o.previousRange, o.yearAgoRange]).toEqual([null, null, null, null]);
    expect(Object.values(o.yearAgoChange).every((v) => v === null)).toBe(true);
  });
});
