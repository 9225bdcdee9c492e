/**
 * The one place dates, numbers, percentages and durations are turned into text, by the reader's locale and
 * time zone. Pure (no React), so server pages, client components and tests share it; components reach it
 * through `useFormat()` (components/ui/use-format.ts), server pages through `getFormat()` (lib/format-server.ts).
 * Intl objects are cached: a history page formats thousands of rows.
 */
export type FormatContext = { locale: string; timeZone: string };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

const num = (locale: string, o: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(o)}`, () => new Intl.NumberFormat(locale, o));
const dt = (locale: string, o: Intl.DateTimeFormatOptions) =>
  cached(`d|${locale}|${JSON.stringify(o)}`, () => new Intl.DateTimeFormat(locale, o));

const NBSP = "\u00a0";

export type DateStyle = "full" | "long" | "medium" | "short";
type When = Date | string | number;
const toDate = (v: When) => (v instanceof Date ? v : new Date(v));

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

export function createFormat({ locale, timeZone }: FormatContext) {
  return {
    locale,
    timeZone,
    /** 2 802 → "2 802" (ru, non-breaking space) / "2,802" (en). */
    number: (n: number, maximumFractionDigits = 0) => num(locale, { maximumFractionDigits }).format(n),
    /** A share given in percent (11.9) → "11,9 %" / "11.9%". */
    percent: (p: number, maximumFractionDigits = 1) =>
      num(locale, { style: "percent", maximumFractionDigits }).format(p / 100),
    /** Axis ticks: 1 500 → "1,5 тыс." / "1.5K"; small numbers stay whole. */
    compact: (n: number) => num(locale, { notation: "compact", maximumFractionDigits: 1 }).format(n),
    /** Listening time from minutes: "12 мин" / "12 min", from 10 h on "14 ч" / "14 hr". */
    // A non-breaking space: "12 / мин" must not break over two lines in a narrow stat card.
    minutes: (m: number) =>
      (m < 600
        ? num(locale, { style: "unit", unit: "minute", unitDisplay: "short" }).format(Math.round(m))
        : num(locale, { style: "unit", unit: "hour", unitDisplay: "short", maximumFractionDigits: 0 }).format(
            m / 60,
          )
      ).replace(/ /g, NBSP),
    /** A track length from milliseconds: "3:07", "1:02:03". */
    clock: (ms: number) => {
      const s = Math.max(0, Math.round(ms / 1000));
      const h = Math.floor(s / 3600);
      const mm = String(Math.floor((s % 3600) / 60));
      const ss = String(s % 60).padStart(2, "0");
      return h > 0 ? `${h}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
    },
    date: (v: When, dateStyle: DateStyle = "medium") => dt(locale, { dateStyle, timeZone }).format(toDate(v)),
    dateTime: (v: When, dateStyle: DateStyle = "medium") =>
      dt(locale, { dateStyle, timeStyle: "short", timeZone }).format(toDate(v)),
    time: (v: When) => dt(locale, { timeStyle: "short", timeZone }).format(toDate(v)),
    /** Any Intl date options, always in the reader's zone. */
    custom: (v: When, o: Intl.DateTimeFormatOptions) => dt(locale, { ...o, timeZone }).format(toDate(v)),
    /** The zone's own name in the reader's language: "Москва, стандартное время" / "Eastern Time". */
    zoneName: (v: When = new Date()) =>
      dt(locale, { timeZoneName: "longGeneric", timeZone })
        .formatToParts(toDate(v))
        .find((p) => p.type === "timeZoneName")?.value ?? timeZone,
    /** A calendar date with no time ("2024-03-05", a local day already): never shifted by a zone. */
    day: (isoDate: string, o: Intl.DateTimeFormatOptions = { dateStyle: "medium" }) =>
      dt(locale, { ...o, timeZone: "UTC" }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)),
    /** "3 hours ago" against a given now (the request's, so server and client render the same text). */
    // "short" in lists on a phone: "17 ч назад" leaves the title its room ("narrow" is "-17 ч" in Russian).
    relative: (v: When, now: When, style: "long" | "short" = "long") => {
      const diff = toDate(v).getTime() - toDate(now).getTime();
      const [unit, size] = UNITS.find(([, ms]) => Math.abs(diff) >= ms) ?? ["second", 1000];
      return cached(
        `r|${locale}|${style}`,
        () => new Intl.RelativeTimeFormat(locale, { numeric: "auto", style }),
      ).format(Math.round(diff / size), unit);
    },
    /** Short month names January first, for chart axes. */
    months: (style: "short" | "long" = "short") =>
      Array.from({ length: 12 }, (_, m) =>
        dt(locale, { month: style, timeZone: "UTC" }).format(new Date(Date.UTC(2024, m, 1))),
      ),
    /** Short weekday names Monday first. */
    weekdays: (style: "short" | "narrow" = "short") =>
      Array.from({ length: 7 }, (_, d) =>
        dt(locale, { weekday: style, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + d))),
      ),
  };
}

export type Format = ReturnType<typeof createFormat>;
