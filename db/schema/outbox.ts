import { sql } from "drizzle-orm";
import {
  bigint,
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

export const outboxKinds = ["listenbrainz", "lastfm"] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/**
 * A user's forwarding target (ListenBrainz or Last.fm). New counted listens are queued for it by a trigger on
 * `listens` (migration 0021), so every write path — live, reconcile, the /1/ API — feeds it without knowing.
 */
export const outboxTargets = pgTable(
  "outbox_targets",
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text({ enum: outboxKinds }).notNull(),
    // The LB user token or the Last.fm session key: AES-256-GCM (lib/crypto.ts), never sent to the browser.
    secretEnc: text().notNull(),
    accountName: text().notNull(),
    // paused: the target refused our credentials; nothing is sent until the user reconnects.
    status: text({ enum: ["active", "paused"] })
      .notNull()
      .default("active"),
    lastError: text(),
    lastSentAt: timestamp({ withTimezone: true }),
    sentCount: integer().notNull().default(0),
    // Consecutive failures of the current batch (drives the exponential backoff) and when to try again.
    failures: integer().notNull().default(0),
    retryAt: timestamp({ withTimezone: true }),
    backfillTotal: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("outbox_targets_user_kind").on(t.userId, t.kind)],
);

/** One listen queued for one target; kept after sending (sentAt) so a back-fill never queues it again. */
export const outboxItems = pgTable(
  "outbox_items",
  {
    targetId: integer()
      .notNull()
      .references(() => outboxTargets.id, { onDelete: "cascade" }),
    // No foreign key: deleting listens (an import undone) must not look up this table row by row; a
    // deleted listen is skipped when its batch is built.
    listenId: bigint({ mode: "number" }).notNull(),
    backfill: boolean().notNull().default(false),
    batchId: integer(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.targetId, t.listenId] }),
    index("outbox_items_pending").on(t.targetId, t.backfill).where(sql`${t.sentAt} is null`),
  ],
);

/**
 * The batch in flight for a target, with the exact payload sent. Written before the request: after a crash
 * the same payload (same timestamps and names) is sent again, which the target's own dedupe absorbs, instead
 * of a rebuilt one that could differ (enrichment renamed a track) and so be stored twice.
 */
export const outboxBatches = pgTable("outbox_batches", {
  id: serial().primaryKey(),
  targetId: integer()
    .notNull()
    .unique()
    .references(() => outboxTargets.id, { onDelete: "cascade" }),
  payload: jsonb().$type<unknown[]>().notNull(),
  backfill: boolean().notNull(),
  attempts: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
