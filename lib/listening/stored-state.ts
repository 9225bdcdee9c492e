import { type Placeholder, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executePrepared } from "@/db/prepared";
import { playbackSessions } from "@/db/schema";
import type { ListenProvider, ProviderMeta, Session } from "./types";

// The persisted state of the playback-session state machine, as read; lib/listening/write.ts writes it.

/** The provider-level bookkeeping row shares the table; no real device id is "*". */
export const META_DEVICE = "*";

const isSession = (v: unknown): v is Session =>
  typeof v === "object" &&
  v !== null &&
  (v as Session).v === 1 &&
  typeof (v as Session).sessionId === "string";
const isMeta = (v: unknown): v is ProviderMeta =>
  typeof v === "object" && v !== null && (v as ProviderMeta).v === 1;

/**
 * One (user, provider)'s rows of playback_sessions. Every successful write rewrites the meta row, so that
 * row's `xmin` (the id of the transaction that wrote its current version) versions the whole group: a
 * write only lands while it is unchanged. xmin needs no column and no bookkeeping, and PostgreSQL
 * re-checks it against the latest row version when two writers race.
 */
export type StoredState = {
  meta: ProviderMeta | null;
  sessions: Session[];
  /** Device key → the stored document, so unchanged rows are not rewritten. */
  stored: Map<string, unknown>;
  /** xmin of the meta row; null before the first write. */
  version: string | null;
};

/** A JSON-array column of the rows of (userId, provider), for parseStoredState; callers join it into their own query. */
export function storedStateSql(userId: number | Placeholder | SQL, provider: ListenProvider | Placeholder) {
  return sql<unknown>`(select coalesce(json_agg(json_build_object('device', s.device_key, 'state', s.state, 'version', s.xmin::text)), '[]'::json)
    from ${playbackSessions} s where s.user_id = ${userId} and s.provider = ${provider})`;
}

export function parseStoredState(value: unknown): StoredState {
  const rows = (Array.isArray(value) ? value : []) as { device: string; state: unknown; version: string }[];
  const meta = rows.find((r) => r.device === META_DEVICE);
  return {
    meta: isMeta(meta?.state) ? meta.state : null,
    // A row that is not a state document we understand is dropped rather than crashing every poll.
    sessions: rows
      .filter((r) => r.device !== META_DEVICE)
      .map((r) => r.state)
      .filter(isSession),
    stored: new Map(rows.map((r) => [r.device, r.state])),
    version: meta?.version ?? null,
  };
}

export async function loadState(db: Db, userId: number, provider: ListenProvider): Promise<StoredState> {
  const rows = await executePrepared<{ state: unknown }>(
    db,
    sql`select ${storedStateSql(userId, provider)} as state`,
  );
  return parseStoredState(rows[0]?.state);
}
