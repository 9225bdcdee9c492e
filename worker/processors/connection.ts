import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import type { PollSource } from "@/lib/jobs/contract";
import { type ListenRules, rulesFrom } from "@/lib/listening/rules";
import { parseStoredState, type StoredState, storedStateSql } from "@/lib/listening/write";

export type ConnectionRow = typeof connections.$inferSelect;

export type PollState = { conn: ConnectionRow; rules: ListenRules; stored: StoredState };

/** Built once per database handle: building the query costs more CPU than running it. */
const prepared = new WeakMap<Db, ReturnType<typeof preparePollState>>();

function preparePollState(db: Db) {
  const userId = sql.placeholder("userId");
  const source = sql.placeholder("source");
  return db
    .select({
      c: connections,
      disabledAt: users.disabledAt,
      rules: users.listenRules,
      state: storedStateSql(userId, source),
    })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(and(eq(connections.userId, userId), eq(connections.provider, source)))
    .limit(1)
    .prepare("poll_state");
}

/**
 * Everything a poll reads, in one query: the active connection, the user's listen rules and the stored
 * playback state. Null when the connection is gone, not active, or its user is disabled.
 */
export async function pollState(db: Db, userId: number, source: PollSource): Promise<PollState | null> {
  let query = prepared.get(db);
  if (!query) {
    query = preparePollState(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ userId, source });
  if (!row || row.disabledAt || row.c.status !== "active") return null;
  return { conn: row.c, rules: rulesFrom(row.rules), stored: parseStoredState(row.state) };
}

/** The connection a job is about, or null when it is gone, not active, or its user is disabled. */
export async function activeConnection(
  db: Db,
  userId: number,
  source: PollSource,
): Promise<ConnectionRow | null> {
  return (await pollState(db, userId, source))?.conn ?? null;
}

export async function markConnection(
  db: Db,
  id: number,
  patch: Partial<
    Pick<ConnectionRow, "status" | "lastError" | "lastErrorAt" | "lastPollAt" | "lastSuccessAt">
  >,
): Promise<void> {
  await db
    .update(connections)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(connections.id, id));
}
