import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Db } from "./client";

// The same rendering as the app's drizzle instance (createDb): snake_case names.
const dialect = new PgDialect({ casing: "snake_case" });

/**
 * Runs a raw query as a prepared statement, on the pool or inside a transaction. drizzle sends every query
 * unprepared: postgres.js then needs two round trips (describe the parameters, then execute) and PostgreSQL
 * parses and plans it afresh. Prepared, a repeated query costs one round trip and no planning. For hot
 * queries whose text is fixed (values only as parameters): each distinct text stays prepared on every
 * pooled connection.
 */
export async function executePrepared<T>(db: Db, query: SQL): Promise<T[]> {
  const client = (db._.session as unknown as { client?: postgres.Sql }).client;
  if (typeof client?.unsafe !== "function") return (await db.execute(query)) as unknown as T[];
  const q = dialect.sqlToQuery(query);
  return (await client.unsafe(q.sql, q.params as postgres.ParameterOrJSON<never>[], {
    prepare: true,
  })) as unknown as T[];
}
