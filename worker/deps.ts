import type { Db } from "@/db/client";
import { enqueueReconcile } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import type { Processors } from "./dispatch";
import type { Locker } from "./locks";
import { type PollDeps, runPoll } from "./processors/poll";
import { runReconcile } from "./processors/reconcile";
import { runSyncLikes } from "./processors/sync-likes";

/**
 * The real processors, wired to the provider clients and the listening writer. Tests build their own
 * Processors with the same runX functions and controllable pieces.
 */
export function buildProcessors(db: Db, lock: Locker, ctx: JobsContext | null): Processors {
  const pollDeps: PollDeps = {
    db,
    lock,
    observe: async () => null,
    apply: async () => ({ listensWritten: 0, nextPollInMs: 30_000 }),
    onGap: (userId) => enqueueReconcile(userId, "gap", ctx),
  };
  return {
    poll: (p) => runPoll(pollDeps, p),
    reconcile: (p) => runReconcile({ db, reconcile: async () => ({ inserted: 0, merged: 0 }) }, p),
    "sync-likes": (p) => runSyncLikes({ db, syncLikes: async () => 0 }, p),
    "enrich-track": async (p) => log.debug("enrich not wired yet", { trackId: p.trackId }),
    import: async (p) => log.warn("import processor not wired yet", { importId: p.importId }),
  };
}
