import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { enqueueReconcile } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";
import { log } from "@/lib/log";
import { createLrclib } from "@/lib/providers/lyrics/lrclib";
import { createMusicBrainz } from "@/lib/providers/musicbrainz/client";
import type { Processors } from "./dispatch";
import type { Locker } from "./locks";
import { runEnrichTrack } from "./processors/enrich-track";
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
  const enrich = {
    db,
    lrclib: createLrclib({ baseUrl: env().LRCLIB_URL }),
    musicbrainz: createMusicBrainz({ baseUrl: env().MUSICBRAINZ_URL }),
  };
  return {
    poll: (p) => runPoll(pollDeps, p),
    reconcile: (p) => runReconcile({ db, reconcile: async () => ({ inserted: 0, merged: 0 }) }, p),
    "sync-likes": (p) => runSyncLikes({ db, syncLikes: async () => 0 }, p),
    "enrich-track": (p) => runEnrichTrack(enrich, p),
    import: async (p) => log.warn("import processor not wired yet", { importId: p.importId }),
  };
}
