import type { RangeKey } from "./params";
import { localParts, startOfLocalDay, zonedInstant } from "./zone";

/** Half-open [from, to) in UTC instants; null means unbounded on that side. */
export type ResolvedRange = { key: RangeKey | "custom"; from: Date | null; to: Date | null };

/** Ranges end now and start at a local day boundary, so "7d" is today plus the six days before. */
export function resolveRange(
  q: { range: RangeKey; from?: string; to?: string },
  tz: string,
  now: number,
): ResolvedRange {
  if (q.from || q.to) {
    const bound = (s: string, plusDays: number) => {
      const [y = 1970, m = 1, d = 1] = s.split("-").map(Number);
      return new Date(zonedInstant(tz, y, m, d + plusDays));
    };
    return { key: "custom", from: q.from ? bound(q.from, 0) : null, to: q.to ? bound(q.to, 1) : null };
  }
  const day = (offset: number) => new Date(startOfLocalDay(tz, now, offset));
  const p = localParts(tz, now);
  switch (q.range) {
    case "today":
      return { key: "today", from: day(0), to: null };
    case "7d":
      return { key: "7d", from: day(-6), to: null };
    case "30d":
      return { key: "30d", from: day(-29), to: null };
    case "6m":
      return { key: "6m", from: new Date(zonedInstant(tz, p.year, p.month - 6, p.day + 1)), to: null };
    case "year":
      return { key: "year", from: new Date(zonedInstant(tz, p.year - 1, p.month, p.day + 1)), to: null };
    default:
      return { key: "all", from: null, to: null };
  }
}

/**
 * The period of equal length just before `range` (for "change vs previous period"); none for "all". A custom
 * period of whole local days is compared with as many whole local days, so a DST change cannot shift it.
 */
export function previousRange(range: ResolvedRange, now: number, tz: string): ResolvedRange | null {
  if (!range.from) return null;
  if (range.key === "custom" && range.to) {
    const days = Math.round((range.to.getTime() - range.from.getTime()) / 86_400_000);
    return {
      key: range.key,
      from: new Date(startOfLocalDay(tz, range.from.getTime(), -days)),
      to: range.from,
    };
  }
  const end = range.to?.getTime() ?? now;
  const length = end - range.from.getTime();
  return { key: range.key, from: new Date(range.from.getTime() - length), to: range.from };
}

/** The same local wall time a year earlier (29 February becomes 1 March). */
function yearEarlier(tz: string, t: number): number {
  const p = localParts(tz, t);
  const within = (p.minute * 60 + p.second) * 1000 + (((t % 1000) + 1000) % 1000);
  return zonedInstant(tz, p.year - 1, p.month, p.day, p.hour) + within;
}

/** The same period one year earlier, by the local calendar ("30d" ending now → those days last year). */
export function yearAgoRange(range: ResolvedRange, now: number, tz: string): ResolvedRange | null {
  if (!range.from) return null;
  return {
    key: range.key,
    from: new Date(yearEarlier(tz, range.from.getTime())),
    to: new Date(yearEarlier(tz, range.to?.getTime() ?? now)),
  };
}
