import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { perLocalWeekHour, rows } from "./sources";

/** Plays per local weekday (rows, 0 = Monday) × hour (columns), plus the totals per hour and weekday. */
export async function getHeatmap(db: Db, p: StatsParams) {
  const found = await rows<{ d: number; h: number; plays: number }>(db, perLocalWeekHour(p));
  const data = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of found) {
    const row = data[r.d];
    if (row && r.h >= 0 && r.h < 24) row[r.h] = r.plays;
  }
  const hours = new Array<number>(24).fill(0).map((_, h) => data.reduce((s, row) => s + (row[h] ?? 0), 0));
  const weekdays = data.map((row) => row.reduce((s, v) => s + v, 0));
  const max = Math.max(0, ...data.flat());
  return { data, hours, weekdays, max };
}
