import { index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./users";

/** What a share link shows: each key present is a section the owner chose. */
export type ShareSections = {
  profile?: boolean;
  top?: "all" | "year" | "30d";
  recap?: number;
};

/**
 * Public read-only links to chosen sections of a user's stats (/s/<token>). As with api_tokens only the
 * SHA-256 of the random token is kept, so a lookup is one probe of the unique index; revoking keeps the row
 * (revoked_at) so the owner's list and the page agree on what was shared.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull().unique(),
    // The name the page shows for the owner: typed by them, never their username unless they chose it.
    displayName: text().notNull().default(""),
    sections: jsonb().$type<ShareSections>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    lastViewedAt: timestamp({ withTimezone: true }),
    views: integer().notNull().default(0),
  },
  (t) => [index("share_links_user_idx").on(t.userId)],
);
