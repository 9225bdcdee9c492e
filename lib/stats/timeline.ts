import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { perLocalDay, perLocalWeekHour, rows } from "./sources";
import { localDateString, localParts } from "./zone";

export type TimelineUnit = "hour" | "day" | "week" | "month" | "year";
/** `key` is the bucket's first local date ("2024-03-04"), or the hour ("00"…"23") for "today". */
export type Timeline = { unit: TimelineUnit; points: { key: string; plays: number }[] };

/** The range's last local day: the day before a custom period's end, or today. */
const lastDay = (p: StatsParams) =>
  localDateString(p.tz, p.range.to ? Math.min(p.range.to.getTime() - 1, p.now) : p.now);

// Buckets small enough to show a shape, few enough to fit a phone: ≤ 31 days, ≤ 27 weeks, ≤ 36 months.
function unitFor(p: StatsParams, firstDay: string | null): TimelineUnit {
  if (p.range.key === "today") return "hour";
  const from = p.range.from ? localDateString(p.tz, p.range.from.getTime()) : firstDay;
  if (!from) return "month";
  const days = (Date.parse(lastDay(p)) - Date.parse(from)) / 86_400_000;
  if (days <= 31) return "day";
  if (days <= 190) return "week";
  return days <= 3 * 366 ? "month" : "year";
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The bucket's first day (ISO weeks start on Monday). */
function bucketStart(day: string, unit: TimelineUnit): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (unit === "week") return iso(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  if (unit === "month") return `${day.slice(0, 7)}-01`;
  if (unit === "year") return `${day.slice(0, 4)}-01-01`;
  return day;
}

function nextBucket(key: string, unit: TimelineUnit): string {
  const d = new Date(`${key}T00:00:00Z`);
  if (unit === "day") d.setUTCDate(d.getUTCDate() + 1);
  else if (unit === "week") d.setUTCDate(d.getUTCDate() + 7);
  else if (unit === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return iso(d.getTime());
}

/**
 * Plays over the chosen range, in order and with empty buckets filled: hours of today, days of a month, weeks of
 * half a year, months (each year's own, never summed across years) or years of a long history.
 */
export async function getTimeline(db: Db, p: StatsParams): Promise<Timeline> {
  if (p.range.key === "today") {
    const found = await rows<{ h: number; plays: number }>(
      db,
      sql`select x.h, sum(x.plays)::int as plays from (${perLocalWeekHour(p)}) x group by 1`,
    );
    const upTo = localParts(p.tz, p.now).hour;
    const points = Array.from({ length: upTo + 1 }, (_, h) => ({
      key: String(h).padStart(2, "0"),
      plays: found.find((r) => r.h === h)?.plays ?? 0,
    }));
    return { unit: "hour", points };
  }
  const found = await rows<{ day: string; plays: number }>(
    db,
    sql`select to_char(x.day, 'YYYY-MM-DD') as day, x.plays from (${perLocalDay(p)}) x order by 1`,
  );
  const unit = unitFor(p, found[0]?.day ?? null);
  const sums = new Map<string, number>();
  for (const r of found) {
    const k = bucketStart(r.day, unit);
    sums.set(k, (sums.get(k) ?? 0) + r.plays);
  }
  const first = p.range.from ? localDateString(p.tz, p.range.from.getTime()) : found[0]?.day;
  if (!first) return { unit, points: [] };
  const last = bucketStart(lastDay(p), unit);
  const points: Timeline["points"] = [];
  for (let k = bucketStart(first, unit); k <= last; k = nextBucket(k, unit)) {
    points.push({ key: k, plays: sums.get(k) ?? 0 });
  }
  return { unit, points };
}
