import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import { coalesce, POLL_LINGER_MS } from "@/lib/coalesce";
import type { PollSource } from "@/lib/jobs/contract";
import { type ListenRules, rulesFrom } from "@/lib/listening/rules";
import { parseStoredState, type StoredState, storedStateSql } from "@/lib/listening/stored-state";

export type ConnectionRow = typeof connections.$inferSelect;

export type PollState = { conn: ConnectionRow; rules: ListenRules; stored: StoredState };

type PollStateRow = {
  c: ConnectionRow;
  disabledAt: Date | null;
  rules: Parameters<typeof rulesFrom>[0];
  state: unknown;
};

/** Built once per database handle: building the query costs more CPU than running it. */
const prepared = new WeakMap<Db, ReturnType<typeof preparePollStates>>();

function preparePollStates(db: Db) {
  const userIds = sql.placeholder("userIds");
  const source = sql.placeholder("source");
  return db
    .select({
      c: connections,
      disabledAt: users.disabledAt,
      rules: users.listenRules,
      state: storedStateSql(sql`${connections.userId}`, source),
    })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(and(sql`${connections.userId} = any(${userIds}::int[])`, eq(connections.provider, source)))
    .prepare("poll_states");
}

/** The reads of concurrent polls, one statement per batch (lib/coalesce.ts), per database handle and source. */
const readers = new WeakMap<Db, Map<PollSource, (userId: number) => Promise<PollStateRow | undefined>>>();

function readerFor(db: Db, source: PollSource) {
  let bySource = readers.get(db);
  if (!bySource) {
    bySource = new Map();
    readers.set(db, bySource);
  }
  let read = bySource.get(source);
  if (!read) {
    read = coalesce(
      async (userIds: number[]) => {
        let query = prepared.get(db);
        if (!query) {
          query = preparePollStates(db);
          prepared.set(db, query);
        }
        const rows = (await query.execute({ userIds: `{${userIds.join(",")}}`, source })) as PollStateRow[];
        const byUser = new Map(rows.map((r) => [r.c.userId, r]));
        return userIds.map((id) => byUser.get(id));
      },
      { lingerMs: POLL_LINGER_MS, name: "poll state reads" },
    );
    bySource.set(source, read);
  }
  return read;
}

/**
 * Everything a poll reads, in one query: the active connection, the user's listen rules and the stored
 * playback state. Null when the connection is gone, not active, or its user is disabled.
 */
export async function pollState(db: Db, userId: number, source: PollSource): Promise<PollState | null> {
  const row = await readerFor(db, source)(userId);
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
