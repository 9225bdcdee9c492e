import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import type { ResolvedRange } from "./range";
import { perLocalDay, perLocalWeekHour, rows } from "./sources";
import { startOfLocalDay, startOfLocalHour, startOfLocalMonth } from "./zone";

export const PERIODS = ["day", "week", "month"] as const;
export type Period = (typeof PERIODS)[number];
export const periodSchema = z.preprocess((v) => (v === "" ? undefined : v), z.enum(PERIODS).default("day"));

const LENGTH: Record<Period, number> = { day: 24, week: 7, month: 12 };

/**
 * seed-app-contract §2.5 windows, aligned to bucket boundaries in the user's zone: the current hour and the
 * 23 before it; today and the 6 days before; this month and the 11 before.
 */
export function activityWindow(period: Period, tz: string, now: number): ResolvedRange {
  const from =
    period === "day"
      ? startOfLocalHour(tz, now) - 23 * 3_600_000
      : period === "week"
        ? startOfLocalDay(tz, now, -6)
        : startOfLocalMonth(tz, now, -11);
  return { key: "custom", from: new Date(from), to: null };
}

/** Plays per local hour / weekday (0 = Monday) / month (0 = January). An explicit range replaces the window. */
export async function getActivity(
  db: Db,
  p: StatsParams,
  period: Period,
  explicitRange: boolean,
): Promise<{ data: number[]; period: Period; from: string | null }> {
  const range = explicitRange ? p.range : activityWindow(period, p.tz, p.now);
  // Hours come from weekday × hour rows, weekdays and months from local days.
  const found = await rows<{ k: number; plays: number }>(
    db,
    period === "day"
      ? sql`select x.h as k, sum(x.plays)::int as plays from (${perLocalWeekHour(p, range)}) x group by 1`
      : sql`select extract(${sql.raw(period === "week" ? "isodow" : "month")} from x.day)::int - 1 as k,
          sum(x.plays)::int as plays
        from (${perLocalDay(p, range)}) x group by 1`,
  );
  const data = new Array<number>(LENGTH[period]).fill(0);
  for (const r of found) if (r.k >= 0 && r.k < data.length) data[r.k] = r.plays;
  return { data, period, from: range.from?.toISOString() ?? null };
}
