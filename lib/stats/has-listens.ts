import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rows } from "./sources";

export type ListenSpan = { first: string; last: string };

/** The first and last listen (ISO), or null with none: the dashboard picks its default range from it. */
export async function listenSpan(db: Db, userId: number): Promise<ListenSpan | null> {
  const [row] = await rows<{ first: Date | string | null; last: Date | string | null }>(
    db,
    sql`select
      (select min(started_at) from listens where user_id = ${userId} and duplicate_of is null) as first,
      (select max(started_at) from listens where user_id = ${userId} and duplicate_of is null) as last`,
  );
  if (!row?.first || !row.last) return null;
  return { first: new Date(row.first).toISOString(), last: new Date(row.last).toISOString() };
}

const MONTH = 30 * 86_400_000;

/**
 * "Last 30 days" while the history reaches into them; an older history (an import of past years) opens on
 * all time, so a newcomer sees their import instead of zeros.
 */
export function defaultRange(span: ListenSpan | null, now: number): "30d" | "all" {
  if (!span) return "30d";
  return Date.parse(span.last) >= now - MONTH ? "30d" : "all";
}
