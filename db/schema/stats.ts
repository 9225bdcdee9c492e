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

/**
 * Per user × local calendar month (its first day, in the zone of listen_local_daily) × track × source:
 * what the recap of a year or a month reads (~thousands of rows instead of ~100k listens). Kept exact by
 * the local rollup triggers and rebuilt with the zone like listen_local_daily.
 */
export const listenLocalMonthlyTracks = pgTable(
  "listen_local_monthly_tracks",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    source: text({ enum: listenSources }).notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.month, t.trackId, t.source] }),
    // A track's rows: "heard before the period" probes (with the user) and catalog changes (all users).
    index().on(t.trackId, t.userId, t.month),
  ],
);

/**
 * Per user × local year × group of track_stat_groups (kinds all, track, album, artist, genre; all sources):
 * plays and milliseconds of the whole year (month = 0), and of each month (1–12) for artists only. What
 * the recap of a full year reads (tops, "half your plays", each month's top artist, discoveries) instead of
 * grouping ~50k month × track rows. Follows listen_local_monthly_tracks and track_stat_groups by triggers.
 */
export const listenLocalYearGroups = pgTable(
  "listen_local_year_groups",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    year: smallint().notNull(),
    month: smallint().notNull(),
    kind: text({ enum: ["all", "track", "album", "artist", "genre"] }).notNull(),
    key: text().notNull(),
    plays: integer().notNull(),
    msPlayed: bigint({ mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.year, t.month, t.kind, t.key] }),
    // The first rows of a kind in a year or month (tops, each month's top artist) without sorting them all;
    // with the key last, it also covers reading all of a kind (the year's artists).
    index("listen_local_year_groups_top_idx").on(
      t.userId,
      t.year,
      t.month,
      t.kind,
      t.plays.desc(),
      t.msPlayed.desc(),
      t.key,
    ),
    // "First heard before this year": one probe per artist heard in it.
    index().on(t.userId, t.key, t.year).where(sql`${t.kind} = 'artist' and ${t.month} = 0`),
  ],
);
