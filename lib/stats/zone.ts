/**
 * Wall-clock arithmetic in an IANA zone with nothing but Intl, so range bounds (start of a local day,
 * month, …) are right across DST changes. SQL-side bucketing lives in ./bucket.ts.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export type LocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

export function localParts(tz: string, t: number): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Local wall time minus UTC, in ms, at instant t. */
export function zoneOffsetMs(tz: string, t: number): number {
  const p = localParts(tz, t);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of a local wall time (month may overflow, Date.UTC normalises it). A wall time skipped
 * by a DST jump maps to the first instant after the gap.
 */
export function zonedInstant(tz: string, year: number, month: number, day: number, hour = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  let t = wall - zoneOffsetMs(tz, wall);
  t = wall - zoneOffsetMs(tz, t);
  const p = localParts(tz, t);
  if (Date.UTC(p.year, p.month - 1, p.day, p.hour) < wall) t += 3_600_000;
  return t;
}

/** Start of the local day containing t, shifted by `days` whole local days. */
export function startOfLocalDay(tz: string, t: number, days = 0): number {
  const p = localParts(tz, t);
  return zonedInstant(tz, p.year, p.month, p.day + days);
}

/** Start of the local month containing t, shifted by `months`. */
export function startOfLocalMonth(tz: string, t: number, months = 0): number {
  const p = localParts(tz, t);
  return zonedInstant(tz, p.year, p.month + months, 1);
}

/** Start of the local hour containing t (zones with half-hour offsets included). */
export function startOfLocalHour(tz: string, t: number): number {
  const p = localParts(tz, t);
  return t - (p.minute * 60 + p.second) * 1000 - (((t % 1000) + 1000) % 1000);
}

/** "YYYY-MM-DD" of the local date of t. */
export function localDateString(tz: string, t: number): string {
  const p = localParts(tz, t);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
