import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { streaks } from "./calendar";
import type { StatsParams } from "./params";
import { RECAP_KINDS, type RecapVia, recapSql } from "./recap-sql";
import { minutes, perLocalDay, perLocalWeekHour, rollupInZone, rows } from "./sources";
import type { TopKind } from "./top";
import { localDateString, zonedInstant } from "./zone";

export const recapQuery = z.object({
  year: z.coerce.number().int().min(1970).max(2100),
  month: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(12).optional()),
});
export type RecapQuery = z.infer<typeof recapQuery>;

const KINDS = RECAP_KINDS;

type RawItem = {
  id: string;
  name: string;
  subtitle: string | null;
  cover: string | null;
  plays: number;
  ms: number;
};
type Raw = {
  plays: number;
  ms: number;
  tracks: number;
  artists: number;
  half: number;
  top: Record<TopKind, RawItem[] | null>;
  months:
    | {
        m: number;
        plays: number;
        ms: number;
        id: number | null;
        name: string | null;
        artist_plays: number | null;
      }[]
    | null;
  discovered: number;
  discoveries: { id: number; name: string; cover: string | null; plays: number }[] | null;
};

/** The recap's period: one local calendar year, or one month of it. */
function period(tz: string, q: RecapQuery) {
  const from = zonedInstant(tz, q.year, q.month ?? 1, 1);
  const to = q.month ? zonedInstant(tz, q.year, q.month + 1, 1) : zonedInstant(tz, q.year + 1, 1, 1);
  return { key: "custom" as const, from: new Date(from), to: new Date(to) };
}

const item = (kind: TopKind, total: number) => (r: RawItem) => ({
  id: kind === "genres" ? r.id : Number(r.id),
  name: r.name,
  subtitle: r.subtitle,
  cover: r.cover,
  plays: r.plays,
  minutes: minutes(r.ms),
  share: Math.round((r.plays / (total || 1)) * 1000) / 10,
});

/** The local years with counted listens, newest first, for the year switcher (the daily rollup: ~365 rows a year). */
export async function recapYears(
  db: Db,
  p: Pick<StatsParams, "userId" | "tz" | "now" | "source">,
): Promise<number[]> {
  const all = { ...p, range: { key: "all" as const, from: null, to: null } };
  const found = await rows<{ y: number }>(
    db,
    sql`select distinct extract(year from x.day)::int as y from (${perLocalDay(all)}) x order by 1 desc`,
  );
  return found.map((r) => r.y);
}

/**
 * Year (or month) in review for one user, in their time zone, from their counted listens. `via: "listens"`
 * computes the per-track parts from the listens themselves (what the tests compare the rollups with).
 */
export async function getRecap(
  db: Db,
  base: Pick<StatsParams, "userId" | "tz" | "now" | "source">,
  q: RecapQuery,
  opts: { via?: "rollups" | "listens" } = {},
) {
  const p: StatsParams = { ...base, range: period(base.tz, q) };
  let via: RecapVia = opts.via ?? "rollups";
  // A whole year over all sources reads the year groups, when the local rollups are kept in this zone.
  if (via === "rollups" && !q.month && !p.source) {
    const [zone] = await rows<{ ok: boolean }>(db, sql`select ${rollupInZone(p)} as ok`);
    if (zone?.ok) via = { yearGroups: q.year };
  }
  const [[raw], days, hours, years] = await Promise.all([
    rows<Raw>(db, recapSql(p, via)),
    rows<{ day: string; plays: number; ms: number }>(
      db,
      sql`select to_char(x.day, 'YYYY-MM-DD') as day, x.plays, x.ms from (${perLocalDay(p)}) x order by 1`,
    ),
    rows<{ h: number; plays: number }>(
      db,
      sql`select h, sum(plays)::int as plays from (${perLocalWeekHour(p)}) x group by h`,
    ),
    recapYears(db, p),
  ]);
  const plays = raw?.plays ?? 0;
  const busiest = days.reduce<(typeof days)[number] | null>(
    (b, d) => (!b || d.plays > b.plays ? d : b),
    null,
  );
  const streak = streaks(
    days.map((d) => d.day),
    "",
  );
  const clock = new Array<number>(24).fill(0);
  for (const h of hours) if (h.h >= 0 && h.h < 24) clock[h.h] = h.plays;
  // m counts months from the period's first (1-based).
  const monthRows = new Map((raw?.months ?? []).map((m) => [(q.month ?? 1) + m.m - 1, m]));
  const monthNumbers = q.month ? [q.month] : Array.from({ length: 12 }, (_, i) => i + 1);
  return {
    year: q.year,
    month: q.month ?? null,
    from: localDateString(p.tz, p.range.from?.getTime() ?? 0),
    to: localDateString(p.tz, (p.range.to?.getTime() ?? 1) - 1),
    years,
    totals: {
      plays,
      minutes: minutes(raw?.ms),
      tracks: raw?.tracks ?? 0,
      artists: raw?.artists ?? 0,
      activeDays: days.length,
    },
    top: Object.fromEntries(KINDS.map((k) => [k, (raw?.top[k] ?? []).map(item(k, plays))])) as Record<
      TopKind,
      ReturnType<ReturnType<typeof item>>[]
    >,
    months: monthNumbers.map((m) => {
      const r = monthRows.get(m);
      return {
        month: `${q.year}-${String(m).padStart(2, "0")}`,
        plays: r?.plays ?? 0,
        minutes: minutes(r?.ms),
        topArtist: r?.id ? { id: r.id, name: r.name ?? "", plays: r.artist_plays ?? 0 } : null,
      };
    }),
    discoveries: { count: raw?.discovered ?? 0, artists: raw?.discoveries ?? [] },
    longestStreak: { days: streak.longest, from: streak.longestFrom, to: streak.longestTo },
    busiestDay: busiest ? { date: busiest.day, plays: busiest.plays, minutes: minutes(busiest.ms) } : null,
    clock,
    /** The fewest artists that got half of the plays, out of all artists heard. */
    half: { artists: raw?.half ?? 0, of: raw?.artists ?? 0 },
  };
}

export type Recap = Awaited<ReturnType<typeof getRecap>>;
