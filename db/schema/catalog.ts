import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./users";

export const entityKinds = ["track", "artist", "album"] as const;
export const catalogSources = ["spotify", "yandex", "import", "local"] as const;

export const artists = pgTable(
  "artists",
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    // lowercased, punctuation-free form used to match the same artist across providers
    normName: text().notNull(),
    imageUrl: text(),
    mbid: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("artists_norm_name_idx").on(t.normName)],
);

export const albums = pgTable(
  "albums",
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    normTitle: text().notNull(),
    coverUrl: text(),
    releaseYear: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("albums_norm_title_idx").on(t.normTitle)],
);

export const tracks = pgTable(
  "tracks",
  {
    id: serial().primaryKey(),
    title: text().notNull(),
    normTitle: text().notNull(),
    // Display string: every credited artist joined with ", " (seed-app-contract.md §3).
    artistLine: text().notNull(),
    albumId: integer().references(() => albums.id, { onDelete: "set null" }),
    durationMs: integer(),
    isrc: text(),
    coverUrl: text(),
    explicit: boolean(),
    enrichedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("tracks_isrc_idx").on(t.isrc),
    index("tracks_norm_title_idx").on(t.normTitle),
    index("tracks_title_search_idx").using(
      "gin",
      sql`to_tsvector('simple', ${t.title} || ' ' || ${t.artistLine})`,
    ),
  ],
);

export const trackArtists = pgTable(
  "track_artists",
  {
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    artistId: integer()
      .notNull()
      .references(() => artists.id, { onDelete: "cascade" }),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.artistId] }), index("track_artists_artist_idx").on(t.artistId)],
);

/** (provider, external id) → our entity, so a song heard on Spotify and Yandex is one track. */
/**
 * A track that exists only because a user's file named it (issue #17, catalog trust): a file's id and
 * metadata are unverified claims, so such a track belongs to the claiming user alone and is never matched
 * for anyone else. (provider, external_id) is the id the file gave (`local` + metadata key for name-only
 * rows); when a provider call later resolves that id, lib/catalog/claims.ts merges the claim into the
 * provider's track.
 */
export const trackClaims = pgTable(
  "track_claims",
  {
    id: serial().primaryKey(),
    trackId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    // Null once the user is deleted: the track stays a claim (never matched), it just has no owner left.
    userId: integer().references(() => users.id, { onDelete: "set null" }),
    provider: text({ enum: catalogSources }).notNull(),
    externalId: text().notNull(),
  },
  (t) => [
    uniqueIndex("track_claims_key").on(t.userId, t.provider, t.externalId),
    index("track_claims_external_idx").on(t.provider, t.externalId),
    index("track_claims_track_idx").on(t.trackId),
  ],
);

/**
 * Where a merged-away track went (an admin merge, a verified claim): an import batch whose track ids were
 * resolved before the merge writes its listens to the survivor instead of failing on the deleted id
 * (lib/imports/write.ts). Kept flat: a survivor merged later moves its redirects along.
 */
export const trackMerges = pgTable(
  "track_merges",
  {
    dropId: integer().primaryKey(),
    keepId: integer()
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    mergedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("track_merges_keep_idx").on(t.keepId)],
);

export const providerIds = pgTable(
  "provider_ids",
  {
    id: serial().primaryKey(),
    provider: text({ enum: catalogSources }).notNull(),
    kind: text({ enum: entityKinds }).notNull(),
    externalId: text().notNull(),
    entityId: integer().notNull(),
    url: text(),
  },
  (t) => [
    uniqueIndex("provider_ids_key").on(t.provider, t.kind, t.externalId),
    index("provider_ids_entity_idx").on(t.kind, t.entityId),
  ],
);

export const genreSources = ["yandex", "musicbrainz", "spotify", "manual"] as const;

export const artistGenres = pgTable(
  "artist_genres",
  {
    artistId: integer()
      .notNull()
      .references(() => artists.id, { onDelete: "cascade" }),
    genre: text().notNull(),
    source: text({ enum: genreSources }).notNull(),
    weight: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.artistId, t.genre, t.source] })],
);

export const albumGenres = pgTable(
  "album_genres",
  {
    albumId: integer()
      .notNull()
      .references(() => albums.id, { onDelete: "cascade" }),
    genre: text().notNull(),
    source: text({ enum: genreSources }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.albumId, t.genre, t.source] })],
);

/** Lyrics per track; misses are cached too, with a time after which they may be retried. */
export const lyrics = pgTable("lyrics", {
  trackId: integer()
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  source: text({ enum: ["lrclib", "yandex", "manual"] }),
  plain: text(),
  synced: text(),
  instrumental: boolean().notNull().default(false),
  found: boolean().notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  retryAfter: timestamp({ withTimezone: true }),
  // Who wrote the words and who licenses them, when the source names them (Yandex: lyrics-api.md §3).
  credits: jsonb().$type<LyricsCredits>(),
  views: integer().notNull().default(0),
});

export type LyricsCredits = { writers?: string[]; provider?: string };
