import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { statsParams } from "@/lib/stats/params";
import { getTimeline } from "@/lib/stats/timeline";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const NOW = Date.parse("2026-05-20T09:00:00Z");

describe("timeline (Activity volume follows the range)", () => {
  it("keeps each year's months apart, in order, with empty months filled", async () => {
    const db = getDb();
    const user = await createTestUser();
    const { trackId } = await makeTrack(db);
    for (const at of ["2025-03-10T12:00:00Z", "2025-03-11T12:00:00Z", "2026-03-02T12:00:00Z"]) {
      await addListen(db, { userId: user.id, trackId, at });
    }
    const p = statsParams({ id: user.id, timeZone: "UTC" }, { range: "all" }, { now: NOW });
    const t = await getTimeline(db, p);
    expect(t.unit).toBe("month");
    expect(t.points[0]).toEqual({ key: "2025-03-01", plays: 2 });
    expect(t.points.find((x) => x.key === "2026-03-01")?.plays).toBe(1);
    expect(t.points.find((x) => x.key === "2025-04-01")?.plays).toBe(0);
    expect(t.points.at(-1)?.key).toBe("2026-05-01");
    expect(t.points).toHaveLength(15);
  });

  it("counts days in the user's zone: 22:30 UTC is the next day in Moscow", async () => {
    const db = getDb();
    const user = await createTestUser();
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-05-10T22:30:00Z" });
    const p = statsParams({ id: user.id, timeZone: "Europe/Moscow" }, { range: "30d" }, { now: NOW });
    const t = await getTimeline(db, p);
    expect(t.unit).toBe("day");
    expect(t.points).toHaveLength(30);
    expect(t.points.filter((x) => x.plays > 0)).toEqual([{ key: "2026-05-11", plays: 1 }]);
  });

  it("shows today's hours up to now, and weeks for half a year", async () => {
    const db = getDb();
    const user = await createTestUser();
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-05-20T07:15:00Z" });
    const today = await getTimeline(
      db,
      statsParams({ id: user.id, timeZone: "UTC" }, { range: "today" }, { now: NOW }),
    );
    expect(today.unit).toBe("hour");
    expect(today.points).toHaveLength(10);
    expect(today.points[7]).toEqual({ key: "07", plays: 1 });
    const half = await getTimeline(
      db,
      statsParams({ id: user.id, timeZone: "UTC" }, { range: "6m" }, { now: NOW }),
    );
    expect(half.unit).toBe("week");
    expect(half.points.at(-1)).toEqual({ key: "2026-05-18", plays: 1 });
  });

  it("ends a custom period on its last day, not today", async () => {
    const db = getDb();
    const user = await createTestUser();
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-03-31T12:00:00Z" });
    await addListen(db, { userId: user.id, trackId, at: "2026-04-01T12:00:00Z" });
    const q = { from: "2026-03-01", to: "2026-03-31" };
    const t = await getTimeline(db, statsParams({ id: user.id, timeZone: "UTC" }, q, { now: NOW }));
    expect(t.unit).toBe("day");
    expect(t.points).toHaveLength(31);
    expect(t.points.at(-1)).toEqual({ key: "2026-03-31", plays: 1 });
  });
});
