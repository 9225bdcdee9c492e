import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { withStatsCache } from "./cache";
import { statsParams } from "./params";
import { getRecap, recapQuery } from "./recap";

/**
 * The signed-in user's recap of a year (or of one month of it, `?month=3`) for the page, its metadata and
 * its share images (one load per request); a malformed year is Next's 404 page, a malformed month the year.
 */
export const loadRecap = cache(async (year: string, month?: string) => {
  const parsed = recapQuery.safeParse({ year, month });
  const q = parsed.success ? parsed.data : recapQuery.safeParse({ year }).data;
  if (!q) notFound();
  const user = await requireUser();
  const db = getDb();
  const p = statsParams(user, {});
  return withStatsCache(db, user.id, `recap|${p.tz}|${q.year}|${q.month ?? ""}`, () => getRecap(db, p, q));
});
