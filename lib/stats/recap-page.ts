import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { withStatsCache } from "./cache";
import { statsParams } from "./params";
import { getRecap, recapQuery } from "./recap";

/**
 * The signed-in user's recap of a year for the page, its metadata and its share images (one load per
 * request); a malformed year is Next's 404 page.
 */
export const loadRecap = cache(async (year: string) => {
  const parsed = recapQuery.safeParse({ year });
  if (!parsed.success) notFound();
  const user = await requireUser();
  const db = getDb();
  const p = statsParams(user, {});
  return withStatsCache(db, user.id, `recap|${p.tz}|${parsed.data.year}|`, () =>
    getRecap(db, p, parsed.data),
  );
});
