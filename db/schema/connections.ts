import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./users";

export const providers = ["spotify", "yandex"] as const;
export type Provider = (typeof providers)[number];
export const connectionStatus = ["active", "needs_reauth", "config_error", "error"] as const;

export const connections = pgTable(
  "connections",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text({ enum: providers }).notNull(),
    externalId: text(),
    externalName: text(),
    // AES-256-GCM ciphertexts (lib/crypto.ts); never plaintext, never sent to the browser.
    accessTokenEnc: text().notNull(),
    refreshTokenEnc: text(),
    expiresAt: timestamp({ withTimezone: true }),
    scopes: text(),
    status: text({ enum: connectionStatus }).notNull().default("active"),
    lastError: text(),
    lastPollAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastErrorAt: timestamp({ withTimezone: true }),
    consentAt: timestamp({ withTimezone: true }),
    // Spotify recently-played `after` cursor, unix ms of the newest played_at seen.
    recentCursor: bigint({ mode: "number" }),
    gap: jsonb().$type<{ detectedAt: string; missedAtLeast: number }>(),
    // Spotify saved tracks beyond the newest pages: the offset where the walk through the older library
    // continues on the next like sync (0: start again after the newest pages).
    likesWalkOffset: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("connections_user_provider_key").on(t.userId, t.provider),
    index("connections_status_idx").on(t.status),
  ],
);

/** Single-use OAuth `state` bound to a user, with its PKCE verifier; expires after 10 minutes. */
// Last.fm's web auth (the outbox target) uses the same single-use state.
export const oauthProviders = [...providers, "lastfm"] as const;
export type OAuthProvider = (typeof oauthProviders)[number];
export const oauthStates = pgTable("oauth_states", {
  state: text().primaryKey(),
  userId: integer()
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  provider: text({ enum: oauthProviders }).notNull(),
  codeVerifierEnc: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});
