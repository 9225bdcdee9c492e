import { index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Per-user API tokens for the ListenBrainz-compatible API under /1/. Only the SHA-256 of the token is kept:
 * the token itself is high-entropy random, so a plain hash lookup is as safe as a slow hash and is one index probe.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

/** What a scrobbling player last said it is playing (`playing_now`), kept until `expiresAt`. */
export const apiPlayingNow = pgTable("api_playing_now", {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  listen: jsonb().$type<Record<string, unknown>>().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});
