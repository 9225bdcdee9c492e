import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobCounters } from "@/db/schema";

export const COUNTERS = [
  "polls",
  "poll_errors",
  "rate_limited_429",
  "token_refreshes",
  "listens_emitted",
  "listens_skipped",
  "listens_reconciled",
  "listens_merged",
  "lyrics_fetched",
  "lyrics_missed",
  "genres_fetched",
] as const;
export type CounterName = (typeof COUNTERS)[number];

// Counted in memory and flushed every few seconds: one UPDATE per poll would cost as much as the poll.
const pending = new Map<CounterName, number>();

export function count(name: CounterName, n = 1): void {
  if (n) pending.set(name, (pending.get(name) ?? 0) + n);
}

export async function flushCounters(db: Db): Promise<void> {
  if (!pending.size) return;
  const rows = [...pending.entries()].map(([name, value]) => ({ name, value }));
  pending.clear();
  await db
    .insert(jobCounters)
    .values(rows)
    .onConflictDoUpdate({
      target: jobCounters.name,
      set: { value: sql`${jobCounters.value} + excluded.value`, updatedAt: sql`now()` },
    });
}

export async function readCounters(db: Db): Promise<Record<string, number>> {
  const rows = await db.select().from(jobCounters);
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}
