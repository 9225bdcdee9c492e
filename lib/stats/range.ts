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

/** The period of equal length just before `range` (for "change vs previous period"); none for "all". */
export function previousRange(range: ResolvedRange, now: number): ResolvedRange | null {
  if (!range.from) return null;
  const end = range.to?.getTime() ?? now;
  const length = end - range.from.getTime();
  return { key: range.key, from: new Date(range.from.getTime() - length), to: range.from };
}
