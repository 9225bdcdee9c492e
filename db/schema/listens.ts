import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { tracks } from "./catalog";
import { users } from "./users";

export const listenSources = ["spotify", "yandex", "import", "listenbrainz-api"] as const;
export type ListenSource = (typeof listenSources)[number];
export const listenOrigins = ["live", "history", "import"] as const;

export const listens = pgTable(
  "listens",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    source: text({ enum: listenSources }).notNull(),
    origin: text({ enum: listenOrigins }).notNull(),
    // Canonical listen time (start of the pass); ended_at is an estimate for live passes.
    startedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp({ withTimezone: true, precision: 3 }),
    msPlayed: integer(),
    // A skipped pass is kept for "skips" stats; it never counts as a listen.
    skipped: boolean().notNull().default(false),
    // Hidden from the user's statistics by an exclusion (stat_exclusions): kept, but never counted. Set by
    // a trigger on every insert and track change, and by lib/stats/exclusions.ts when exclusions change.
    hidden: boolean().notNull().default(false),
    // Deterministic idempotency key (listening-rules.md §6): every write is INSERT … ON CONFLICT DO NOTHING.
    dedupKey: text().notNull(),
    // Set when a Spotify recently-played item matched this listen (listening-rules.md §5).
    spotifyPlayedAt: timestamp({ withTimezone: true, precision: 3 }),
    duplicateOf: bigint({ mode: "number" }),
    importId: integer(),
    extra: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("listens_user_dedup_key").on(t.userId, t.dedupKey),
    index("listens_user_started_idx").on(t.userId, t.startedAt.desc()),
    index("listens_user_track_idx").on(t.userId, t.trackId),
    // "Heard before?" per track (the recap's discoveries) answered from the index alone: counted listens
    // of a track by time.
    index("listens_user_track_started_idx")
      .on(t.userId, t.trackId, t.startedAt)
      .where(sql`not ${t.skipped} and ${t.duplicateOf} is null and not ${t.hidden}`),
    // The admin activity list pages every user's listens by the keyset (started_at, id), newest first;
    // NULLS FIRST is what a plain DESC means, so ORDER BY … DESC can walk this index.
    index("listens_started_id_idx").on(t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("listens_duplicate_of_idx").on(t.duplicateOf).where(sql`${t.duplicateOf} is not null`),
  ],
);

/** The persisted playback-session state machine per (user, provider, device): a restart loses nothing. */
export const playbackSessions = pgTable(
  "playback_sessions",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text({ enum: ["spotify", "yandex"] }).notNull(),
    deviceKey: text().notNull(),
    state: jsonb().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("playback_sessions_key").on(t.userId, t.provider, t.deviceKey)],
);

export const likes = pgTable(
  "likes",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    provider: text({ enum: ["spotify", "yandex"] }).notNull(),
    likedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("likes_key").on(t.userId, t.trackId, t.provider)],
);

export const recommendations = pgTable(
  "recommendations",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    reason: text({ enum: ["rediscover", "on_repeat", "forgotten_like"] }).notNull(),
    score: integer().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recommendations_key").on(t.userId, t.trackId, t.reason)],
);

export const importStatus = ["queued", "running", "done", "failed", "cancelled"] as const;

export const imports = pgTable(
  "imports",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    fileName: text().notNull(),
    fileSha256: text().notNull(),
    status: text({ enum: importStatus }).notNull().default("queued"),
    counts: jsonb()
      .$type<{ read: number; imported: number; duplicates: number; skipped: number; rejected: number }>()
      .notNull()
      .default({ read: 0, imported: 0, duplicates: 0, skipped: 0, rejected: 0 }),
    // Where to resume after a restart: file index and row offset already committed.
    progress: jsonb().$type<{ file: number; row: number }>(),
    error: text(),
    report: jsonb().$type<{ row: number; file?: string; reason: string }[]>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("imports_user_idx").on(t.userId, t.createdAt.desc())],
);
