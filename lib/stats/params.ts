import { z } from "zod";
import { listenSources } from "@/db/schema";
import type { SessionUser } from "@/lib/auth";
import { env } from "@/lib/env";
import { INT4_MAX, localDate } from "@/lib/validation/fields";
import { type ResolvedRange, resolveRange } from "./range";
import { isValidTimeZone } from "./zone";

export const RANGES = ["today", "7d", "30d", "6m", "year", "all"] as const;
export type RangeKey = (typeof RANGES)[number];
export type Source = (typeof listenSources)[number];

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

const statsFields = {
  range: z.preprocess(blankToUndefined, z.enum(RANGES).optional()),
  from: z.preprocess(blankToUndefined, localDate.optional()),
  to: z.preprocess(blankToUndefined, localDate.optional()),
  source: z.preprocess(blankToUndefined, z.enum(listenSources).optional()),
};

/**
 * The one schema for range and source, shared by every stats endpoint (plus each endpoint's own fields).
 * Omitted source means all sources; an unknown one is a 400 "Invalid source" (seed-app-contract §2.5).
 * `from`/`to` are local dates, both inclusive, and replace `range`.
 */
export function statsSchema<E extends z.ZodRawShape>(extra: E) {
  return z.object({ ...statsFields, ...extra }).superRefine((value, ctx) => {
    const q = value as { from?: string; to?: string };
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "to is before from" });
  });
}

export const statsQuery = statsSchema({});
export type StatsQuery = { range?: RangeKey; from?: string; to?: string; source?: Source };

export type StatsParams = {
  userId: number;
  tz: string;
  source?: Source;
  range: ResolvedRange;
  now: number;
};

/** The user's IANA zone; the instance zone when unset (or unknown to this runtime). */
export function userTimeZone(user: Pick<SessionUser, "timeZone">): string {
  for (const tz of [user.timeZone, env().INSTANCE_TIMEZONE]) if (tz && isValidTimeZone(tz)) return tz;
  return "UTC";
}

export function statsParams(
  user: Pick<SessionUser, "id" | "timeZone">,
  query: StatsQuery,
  opts: { defaultRange?: RangeKey; now?: number } = {},
): StatsParams {
  const tz = userTimeZone(user);
  const now = opts.now ?? Date.now();
  return {
    userId: user.id,
    tz,
    source: query.source,
    now,
    range: resolveRange(
      { range: query.range ?? opts.defaultRange ?? "all", from: query.from, to: query.to },
      tz,
      now,
    ),
  };
}

/** Route ids: a positive integer that fits the column, so a huge number is a 404, never a database error. */
export const idParams = z.object({ id: z.coerce.number().int().positive().max(INT4_MAX) });
export const listenIdParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
