import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { minutes, perLocalDay, rows } from "./sources";
import { localDateString, localParts, startOfLocalDay, zonedInstant } from "./zone";

export type Streaks = {
  current: number;
  longest: number;
  longestFrom: string | null;
  longestTo: string | null;
};

const DAY = 86_400_000;
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);

/** Current streak: consecutive active days ending today, or yesterday when today has no plays yet. */
export function streaks(activeDates: string[], today: string): Streaks {
  const days = [...new Set(activeDates)].sort();
  let longest = 0;
  let longestFrom: string | null = null;
  let longestTo: string | null = null;
  let runStart = 0;
  for (let i = 0; i < days.length; i++) {
    if (i > 0 && dayNumber(days[i] ?? "") - dayNumber(days[i - 1] ?? "") !== 1) runStart = i;
    const length = i - runStart + 1;
    if (length > longest) {
      longest = length;
      longestFrom = days[runStart] ?? null;
      longestTo = days[i] ?? null;
    }
  }
  let current = 0;
  const last = days[days.length - 1];
  if (last && dayNumber(today) - dayNumber(last) <= 1) {
    current = 1;
    for (let i = days.length - 1; i > 0 && dayNumber(days[i] ?? "") - dayNumber(days[i - 1] ?? "") === 1; i--)
      current++;
  }
  return { current, longest, longestFrom, longestTo };
}

/**
 * Plays per local day for one calendar year (`year`), or for the last 53 weeks when omitted; streaks are
 * over the whole history.
 */
export async function getCalendar(db: Db, p: StatsParams, year?: number) {
  const from = year ? zonedInstant(p.tz, year, 1, 1) : startOfLocalDay(p.tz, p.now, -370);
  const to = year ? zonedInstant(p.tz, year + 1, 1, 1) : startOfLocalDay(p.tz, p.now, 1);
  const all = { key: "all" as const, from: null, to: null };
  const found = await rows<{ day: string; plays: number; ms: number }>(
    db,
    sql`select to_char(x.day, 'YYYY-MM-DD') as day, x.plays, x.ms from (${perLocalDay(p, all)}) x order by 1`,
  );
  const fromDate = localDateString(p.tz, from);
  const toDate = localDateString(p.tz, to - 1);
  const days = found
    .filter((r) => r.day >= fromDate && r.day <= toDate)
    .map((r) => ({ date: r.day, plays: r.plays, minutes: minutes(r.ms) }));
  const today = localDateString(p.tz, p.now);
  return {
    year: year ?? localParts(p.tz, p.now).year,
    from: fromDate,
    to: toDate,
    days,
    max: Math.max(0, ...days.map((d) => d.plays)),
    activeDays: days.length,
    // Over the whole history, like the streaks beside it (a window's count next to an all-time streak read
    // "371 active days, 376-day streak").
    activeDaysAll: found.filter((r) => r.plays > 0).length,
    years: [...new Set(found.map((r) => Number(r.day.slice(0, 4))))].sort((a, b) => b - a),
    streaks: streaks(
      found.map((r) => r.day),
      today,
    ),
  };
}
