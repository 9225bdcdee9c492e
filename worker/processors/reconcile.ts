import type { Db } from "@/db/client";
import { markConnection } from "@/lib/connections/store";
import type { Payload } from "@/lib/jobs/contract";
import { count } from "@/lib/jobs/counters";
import { classify, QueueRateLimited } from "../errors";
import { activeConnection, type ConnectionRow } from "./connection";

export type ReconcileDeps = {
  db: Db;
  /** Spotify recently-played after the connection's cursor, merged with live listens (listening-rules.md §5). */
  reconcile(db: Db, conn: ConnectionRow): Promise<{ inserted: number; merged: number }>;
};

export async function runReconcile(deps: ReconcileDeps, p: Payload<"reconcile">) {
  const conn = await activeConnection(deps.db, p.userId, "spotify");
  if (!conn) return { kind: "stop" as const };
  try {
    const res = await deps.reconcile(deps.db, conn);
    count("listens_reconciled", res.inserted);
    count("listens_merged", res.merged);
    return { kind: "done" as const, ...res };
  } catch (err) {
    const f = classify(err);
    if (f.kind === "rate_limited") {
      count("rate_limited_429");
      throw new QueueRateLimited(f.retryAfterMs);
    }
    if (f.kind === "needs_reauth" || f.kind === "config_error") {
      await markConnection(deps.db, conn.id, {
        status: f.kind,
        lastError: f.message,
        lastErrorAt: new Date(),
      });
      return { kind: "stop" as const };
    }
    throw err;
  }
}
