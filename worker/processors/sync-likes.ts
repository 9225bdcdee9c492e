import type { Db } from "@/db/client";
import type { Payload } from "@/lib/jobs/contract";
import { classify, QueueRateLimited } from "../errors";
import { activeConnection, type ConnectionRow } from "./connection";

export type SyncLikesDeps = {
  db: Db;
  /** Saved tracks / likes of the connection written into `likes` (upserts); returns how many were seen. */
  syncLikes(db: Db, conn: ConnectionRow): Promise<number>;
};

export async function runSyncLikes(deps: SyncLikesDeps, p: Payload<"sync-likes">) {
  const conn = await activeConnection(deps.db, p.userId, p.source);
  if (!conn) return { kind: "stop" as const };
  try {
    return { kind: "done" as const, seen: await deps.syncLikes(deps.db, conn) };
  } catch (err) {
    const f = classify(err);
    if (f.kind === "rate_limited") throw new QueueRateLimited(f.retryAfterMs);
    if (f.kind === "needs_reauth" || f.kind === "config_error") return { kind: "stop" as const };
    throw err;
  }
}
