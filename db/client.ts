import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

/** A database or a transaction: data functions take this as their first argument. */
export type Db = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
export type RootDb = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };

/**
 * A pool. `session`: settings every connection starts with (PostgreSQL startup parameters), for settings
 * that cannot change once a session has used them, such as temp_buffers.
 */
export function createDb(
  url: string,
  options: { max?: number; session?: Record<string, string> } = {},
): RootDb {
  // JIT compiles for hundreds of ms whenever estimates run high; dashboard queries never repay that.
  const connection = { jit: "off", ...options.session };
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection });
  return drizzle(client, { schema, casing: "snake_case" }) as RootDb;
}

// One pool per process, kept on globalThis so Next's dev reloads do not leak connections.
const holder = globalThis as unknown as { __musictraceDb?: RootDb };

/** The process's pool, created by the first call, with its `options` (an import's process passes its own). */
export function getDb(options?: Parameters<typeof createDb>[1]): RootDb {
  if (!holder.__musictraceDb) {
    const url = env().DATABASE_URL;
    if (!url)
      throw new Error("DATABASE_URL is not set (npm start sets it after starting the embedded database)");
    holder.__musictraceDb = createDb(url, options);
  }
  return holder.__musictraceDb;
}

/** Ends the process's pool (the app's stop): a stopped app leaves no socket open behind it. */
export async function closeDb(): Promise<void> {
  const db = holder.__musictraceDb;
  holder.__musictraceDb = undefined;
  await db?.$client.end({ timeout: 5 });
}
