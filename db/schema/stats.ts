import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { artists, tracks } from "./catalog";
import { listenSources } from "./listens";
import { users } from "./users";

/*
 * Rollups of counted listens (skipped = false, duplicate_of is null), kept exact by statement-level
 * triggers on `listens` (migration stats_rollup_triggers), so every writer — live, reconciliation,
 * imports, deletes, admin merges — keeps them right without knowing they exist.
 */

/**
 * Per user × UTC hour × source. Keyed by UTC hour rather than local day so a change of the user's time
 * zone needs no rebuild: any zone with whole-hour offsets buckets these rows exactly.
 */
export const listenHourly = pgTable(
  "listen_hourly",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    hour: timestamp({ withTimezone: true }).notNull(),
    source: text({ enum: listenSources }).notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.hour, t.source] })],
);

/** Per user × track × source, all time: what "range=all" top lists and summaries read. */
export const listenTrackTotals = pgTable(
  "listen_track_totals",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    source: text({ enum: listenSources }).notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackId, t.source] })],
);

/**
 * A per-user counter bumped by a statement trigger whenever the user's listens change, so cached
 * statistics (lib/stats/cache.ts) are reused exactly until something they depend on changes.
 */
export const statsVersions = pgTable("stats_versions", {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  version: bigint({ mode: "number" }).notNull().default(0),
});

/**
 * Per user × local calendar day × source, in the user's own time zone (users.time_zone; UTC when unset or
 * unknown to PostgreSQL). Days, weekdays, months and the calendar read ~365 rows a year instead of ~8,760
 * hourly ones. Changing the user's zone rebuilds these rows in the same transaction (trigger on users).
 */
export const listenLocalDaily = pgTable(
  "listen_local_daily",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: date({ mode: "string" }).notNull(),
    source: text({ enum: listenSources }).notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day, t.source] })],
);

/** Per user × source × local weekday (ISO, 1 = Monday) × local hour, all time: the all-time heatmap and clock. */
export const listenLocalWeekHours = pgTable(
  "listen_local_week_hours",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text({ enum: listenSources }).notNull(),
    isodow: smallint().notNull(),
    hour: smallint().notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source, t.isodow, t.hour] })],
);

/**
 * Every group a catalog track counts toward in the stats: itself ('track'), everything ('all'), its album,
 * each credited artist (by id, and by name as the summary groups), and each genre (its album's and its
 * artists', trimmed and lowercased). Kept equal to that definition by triggers on the catalog tables
 * (migration stats_group_totals), so per-user totals per group can follow listens without joins.
 */
export const trackStatGroups = pgTable(
  "track_stat_groups",
  {
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    kind: text({ enum: ["all", "track", "album", "artist", "artist_name", "genre"] }).notNull(),
    key: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.trackId, t.kind, t.key] }),
    // A group's tracks (album and genre pages): migration 0029 adds INCLUDE (track_id) for index-only reads.
    index("track_stat_groups_kind_key_idx").on(t.kind, t.key),
  ],
);

/**
 * Per user × group (track_stat_groups), all time and all sources: plays, milliseconds and distinct tracks
 * heard. What range=all top lists, summary and overview read when no source is chosen.
 */
export const listenGroupTotals = pgTable(
  "listen_group_totals",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: ["all", "track", "album", "artist", "artist_name", "genre"] }).notNull(),
    key: text().notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
    tracks: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.key] }),
    // Top lists by plays and by time read the first rows of these in order.
    index().on(t.userId, t.kind, t.plays.desc(), t.msPlayed.desc()),
    index().on(t.userId, t.kind, t.msPlayed.desc(), t.plays.desc()),
  ],
);

/**
 * An artist or a track the user hid from their statistics (exactly one of the two). Their listens stay in
 * history with listens.hidden set, which the rollup triggers and every stats read treat as "not counted"
 * (migration 0028_stat_exclusions, lib/stats/exclusions.ts).
 */
export const statExclusions = pgTable(
  "stat_exclusions",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    artistId: integer().references(() => artists.id, { onDelete: "cascade" }),
    trackId: integer().references(() => tracks.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stat_exclusions_user_artist").on(t.userId, t.artistId).where(sql`${t.artistId} is not null`),
    uniqueIndex("stat_exclusions_user_track").on(t.userId, t.trackId).where(sql`${t.trackId} is not null`),
  ],
);
