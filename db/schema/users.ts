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
  varchar,
} from "drizzle-orm/pg-core";

export type OnboardingFlags = { dismissed?: boolean; timeZoneConfirmed?: boolean; installed?: boolean };

export const userRole = ["user", "admin"] as const;
export const locales = ["en", "ru"] as const;

export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    username: text().notNull(),
    passwordHash: text().notNull(),
    role: text({ enum: userRole }).notNull().default("user"),
    locale: text({ enum: locales }),
    timeZone: text(),
    // Listening-rule thresholds are per-user settings (listening-rules.md §1); null means the defaults.
    listenRules: jsonb().$type<{ minTrackMs?: number; minPercent?: number; maxMs?: number }>(),
    keepIncognito: boolean().notNull().default(true),
    // The dashboard's first-run checklist: what the person confirmed or dismissed (kept on the account, so
    // neither a reinstalled app nor another device brings it back).
    onboarding: jsonb().$type<OnboardingFlags>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
    // Every session token carries the version it was issued under; bumping it ends all of the user's
    // sessions at once (sign-out, password change, admin reset).
    sessionVersion: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("users_username_lower_key").on(sql`lower(${t.username})`)],
);

/** Instance-wide settings (registration open, default language) as one row per key. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * rate-limiter-flexible's PostgreSQL store (one row per limited key, its points and expiry in epoch ms):
 * every web process shares it, and its upsert makes a consume atomic.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: "number" }),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: serial().primaryKey(),
    actorId: integer().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    target: text(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);
