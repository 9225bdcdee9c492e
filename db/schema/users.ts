import { sql } from "drizzle-orm";
import {
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("users_username_lower_key").on(sql`lower(${t.username})`)],
);

/** Instance-wide settings (registration open, default language) as one row per key. */
export const settings = pgTable("settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Failed sign-in attempts, kept in the database so every web process throttles alike. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: serial().primaryKey(),
    key: text().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_key_time_idx").on(t.key, t.attemptedAt)],
);

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
