import { type SQL, sql } from "drizzle-orm";
import { localParts, zonedInstant } from "./zone";

/*
 * The one place that buckets instants into the user's local time. The zone is inlined as a literal
 * (validated against IANA's alphabet) rather than bound, so GROUP BY sees identical expressions and
 * PostgreSQL does the DST arithmetic.
 */
function zoneLiteral(tz: string): SQL {
  if (!/^[A-Za-z0-9_/+-]+$/.test(tz)) throw new Error(`unsafe time zone name: ${tz}`);
  return sql.raw(`'${tz}'`);
}

export function localTime(col: SQL, tz: string): SQL {
  return sql`(${col} at time zone ${zoneLiteral(tz)})`;
}

export const bucket = {
  /** 0–23, local hour of day. */
  hour: (col: SQL, tz: string) => sql`extract(hour from ${localTime(col, tz)})::int`,
  /** 0 = Monday … 6 = Sunday. */
  weekday: (col: SQL, tz: string) => sql`(extract(isodow from ${localTime(col, tz)})::int - 1)`,
  /** 0 = January … 11 = December. */
  month: (col: SQL, tz: string) => sql`(extract(month from ${localTime(col, tz)})::int - 1)`,
  /** Local calendar month as 'YYYY-MM'. */
  yearMonth: (col: SQL, tz: string) => sql`to_char(${localTime(col, tz)}, 'YYYY-MM')`,
};

const exactCache = new Map<string, boolean>();

/**
 * The hourly rollup is keyed by UTC hour, so it buckets exactly only in zones whose offsets are whole
 * hours over the years a history spans (not Asia/Kolkata, say); other zones read raw listens instead.
 */
export function hourlyRollupExact(tz: string): boolean {
  let exact = exactCache.get(tz);
  if (exact === undefined) {
    exact = true;
    const year = localParts("UTC", Date.now()).year;
    for (let y = year - 12; y <= year + 1 && exact; y++) {
      for (const month of [1, 4, 7, 10]) {
        const t = zonedInstant("UTC", y, month, 1, 12);
        const p = localParts(tz, t);
        if (p.minute !== 0) exact = false;
      }
    }
    exactCache.set(tz, exact);
  }
  return exact;
}
