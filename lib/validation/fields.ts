import { z } from "zod";

/** The largest PostgreSQL `integer` (int4): ids beyond it are refused at the edge, not by the database. */
export const INT4_MAX = 2_147_483_647;

/** A serial id from a URL or query string. */
export const int4Id = z.coerce.number().int().positive().max(INT4_MAX);

/** Dates the app stores and the database's calendar handles without surprises. */
export const DATE_BOUNDS = { minYear: 1970, maxYear: 2100 } as const;

/** A local date "YYYY-MM-DD" that exists (no 2024-13-45 rolled into 2025) within 1970–2100. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine((s) => {
    const [y = 0, m = 0, d = 0] = s.split("-").map(Number);
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, "not a real date")
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= DATE_BOUNDS.minYear && y <= DATE_BOUNDS.maxYear;
  }, `expected a year from ${DATE_BOUNDS.minYear} to ${DATE_BOUNDS.maxYear}`);

/** The first string in a query or JSON body holding a NUL byte (PostgreSQL text cannot), as a field path. */
export function nulField(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "body" : null;
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) return [...path, "key"].join(".");
      const hit = nulField(v, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}
