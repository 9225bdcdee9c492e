import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { getActivity } from "@/lib/stats/activity";
import { getCalendar } from "@/lib/stats/calendar";
import { getHeatmap } from "@/lib/stats/heatmap";
import { statsParams } from "@/lib/stats/params";
import { resolveRange } from "@/lib/stats/range";
import { startOfLocalDay, zonedInstant } from "@/lib/stats/zone";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

async function userIn(timeZone: string) {
  const user = await createTestUser({ prefix: "tz" });
  await getDb().update(users).set({ timeZone }).where(eq(users.id, user.id));
  return { id: user.id, timeZone };
}

describe("zone arithmetic", () => {
  it("finds local midnights across Berlin's DST changes", () => {
    expect(new Date(zonedInstant("Europe/Berlin", 2026, 3, 29)).toISOString()).toBe(
      "2026-03-28T23:00:00.000Z",
    );
    expect(new Date(zonedInstant("Europe/Berlin", 2026, 3, 30)).toISOString()).toBe(
      "2026-03-29T22:00:00.000Z",
    );
    expect(new Date(zonedInstant("Europe/Berlin", 2026, 10, 26)).toISOString()).toBe(
      "2026-10-25T23:00:00.000Z",
    );
    expect(new Date(startOfLocalDay("Europe/Moscow", Date.parse("2026-06-10T22:30:00Z"))).toISOString()).toBe(
      "2026-06-10T21:00:00.000Z",
    );
  });

  it("resolves a from/to range to whole local days (a 23-hour DST day included)", () => {
    const r = resolveRange(
      { range: "all", from: "2026-03-29", to: "2026-03-29" },
      "Europe/Berlin",
      Date.now(),
    );
    expect(r.from?.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(r.to?.toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });
});

describe("bucketing in the user's time zone", () => {
  it("buckets a Europe/Moscow user's listens by Moscow time whatever the database session zone", async () => {
    const db = getDb();
    const user = await userIn("Europe/Moscow");
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-06-10T09:15:00Z" }); // Wed 12:15 MSK
    await addListen(db, { userId: user.id, trackId, at: "2026-06-10T21:30:00Z" }); // Thu 00:30 MSK
    const p = statsParams(user, { from: "2026-06-10", to: "2026-06-11" });
    await db.transaction(async (tx) => {
      // A server (or session) zone far from Moscow must not move a single bucket.
      await tx.execute(sql`set local time zone 'Pacific/Auckland'`);
      const day = await getActivity(tx, p, "day", true);
      expect(day.data[12]).toBe(1);
      expect(day.data[0]).toBe(1);
      expect(day.data.reduce((a, b) => a + b, 0)).toBe(2);
      const week = await getActivity(tx, p, "week", true);
      expect(week.data).toEqual([0, 0, 1, 1, 0, 0, 0]);
      const heat = await getHeatmap(tx, p);
      expect(heat.data[2]?.[12]).toBe(1);
      expect(heat.data[3]?.[0]).toBe(1);
      const cal = await getCalendar(tx, p, 2026);
      expect(cal.days).toEqual([
        { date: "2026-06-10", plays: 1, minutes: 3 },
        { date: "2026-06-11", plays: 1, minutes: 3 },
      ]);
    });
  });

  it("handles the spring-forward day in Europe/Berlin (23 hours, no 02:00)", async () => {
    const db = getDb();
    const user = await userIn("Europe/Berlin");
    const { trackId } = await makeTrack(db);
    for (const at of [
      "2026-03-28T22:59:00Z", // 23:59 on the 28th: outside
      "2026-03-28T23:30:00Z", // 00:30 CET
      "2026-03-29T00:30:00Z", // 01:30 CET
      "2026-03-29T01:30:00Z", // 03:30 CEST (02:xx does not exist)
      "2026-03-29T21:59:00Z", // 23:59 CEST
      "2026-03-29T22:00:00Z", // 00:00 on the 30th: outside
    ]) {
      await addListen(db, { userId: user.id, trackId, at });
    }
    const p = statsParams(user, { from: "2026-03-29", to: "2026-03-29" });
    const day = await getActivity(db, p, "day", true);
    const expected = new Array(24).fill(0);
    expected[0] = 1;
    expected[1] = 1;
    expected[3] = 1;
    expected[23] = 1;
    expect(day.data).toEqual(expected);
    const cal = await getCalendar(db, p, 2026);
    expect(cal.days.find((d) => d.date === "2026-03-29")?.plays).toBe(4);
    expect(cal.days.find((d) => d.date === "2026-03-28")?.plays).toBe(1);
    expect(cal.days.find((d) => d.date === "2026-03-30")?.plays).toBe(1);
  });

  it("counts the repeated hour of the fall-back day in Europe/Berlin twice into local 02:00", async () => {
    const db = getDb();
    const user = await userIn("Europe/Berlin");
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-10-25T00:30:00Z" }); // 02:30 CEST
    await addListen(db, { userId: user.id, trackId, at: "2026-10-25T01:30:00Z" }); // 02:30 CET
    const day = await getActivity(
      db,
      statsParams(user, { from: "2026-10-25", to: "2026-10-25" }),
      "day",
      true,
    );
    expect(day.data[2]).toBe(2);
    expect(day.data.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("uses raw listens for zones with half-hour offsets and still buckets exactly", async () => {
    const db = getDb();
    const user = await userIn("Asia/Kolkata");
    const { trackId } = await makeTrack(db);
    await addListen(db, { userId: user.id, trackId, at: "2026-06-10T18:45:00Z" }); // 00:15 IST on the 11th
    const day = await getActivity(
      db,
      statsParams(user, { from: "2026-06-11", to: "2026-06-11" }),
      "day",
      true,
    );
    expect(day.data[0]).toBe(1);
  });
});
