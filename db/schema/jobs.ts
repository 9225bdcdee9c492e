import { bigint, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { LyricsCredits } from "./catalog";

/** Worker counters (polls, 429s, refreshes, listens emitted/skipped/reconciled/merged), summed per name. */
export const jobCounters = pgTable("job_counters", {
  name: text().primaryKey(),
  value: bigint({ mode: "number" }).notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One row per running worker process, refreshed every few seconds; /api/health reads the newest. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text().primaryKey(),
  mode: text({ enum: ["bullmq", "inline"] }).notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  seenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One lyrics lookup per normalised signature (artist, title, album, duration), shared by every track with
 * that signature, so the same song on Spotify and Yandex costs one LRCLIB call (lyrics-api.md §4.3).
 */
export const lyricsLookups = pgTable("lyrics_lookups", {
  signatureHash: text().primaryKey(),
  outcome: text({ enum: ["synced", "plain", "instrumental", "miss"] }).notNull(),
  source: text({ enum: ["lrclib", "yandex"] }),
  providerRecordId: text(),
  plain: text(),
  synced: text(),
  // Misses count their attempts: the next look is 1, 7, then 30 days later.
  attempts: integer().notNull().default(1),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retryAfter: timestamp({ withTimezone: true }),
  credits: jsonb().$type<LyricsCredits>(),
  signature: jsonb().$type<{
    track: string;
    artist: string;
    album: string | null;
    duration: number | null;
  }>(),
});
