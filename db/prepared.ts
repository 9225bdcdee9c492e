import { fillPlaceholders, type Query, type SQL } from "drizzle-orm";
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
  const q = dialect.sqlToQuery(query);
  return run<T>(db, q.sql, q.params);
}

/**
 * The same for a query built once per variant: `build` writes sql.placeholder(name) for every value and
 * each call fills them in, since building drizzle SQL costs about as much CPU as a small query's round trip.
 */
export function preparedVariants<V extends string>(build: (variant: V) => SQL) {
  const texts = new Map<V, Query>();
  return <T>(db: Db, variant: V, values: Record<string, unknown>): Promise<T[]> => {
    let q = texts.get(variant);
    if (!q) {
      q = dialect.sqlToQuery(build(variant));
      texts.set(variant, q);
    }
    return run<T>(db, q.sql, fillPlaceholders(q.params, values));
  };
}

async function run<T>(db: Db, text: string, params: unknown[]): Promise<T[]> {
  const client = (db._.session as unknown as { client?: postgres.Sql }).client;
  if (typeof client?.unsafe !== "function")
    throw new Error("prepared statements need the postgres.js driver");
  const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
  return rows as unknown as T[];
}
