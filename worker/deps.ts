import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { runImport } from "@/lib/imports/run";
import { enqueueOutbox, enqueueReconcile } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";
import { applyObservation } from "@/lib/listening/write";
import { deliverTarget } from "@/lib/outbox/deliver";
import { notePlaying } from "@/lib/outbox/now-playing";
import { dueTargets } from "@/lib/outbox/sweep";
import { createLrclib } from "@/lib/providers/lyrics/lrclib";
import { createMusicBrainz } from "@/lib/providers/musicbrainz/client";
import type { Processors } from "./dispatch";
import { observe, reconcileSpotify } from "./live";
import type { Locker } from "./locks";
import { spotifyArtistGenres } from "./processors/enrich-spotify";
import { runEnrichTrack } from "./processors/enrich-track";
import { yandexView } from "./processors/enrich-yandex";
import { type PollDeps, runPoll } from "./processors/poll";
import { runReconcile } from "./processors/reconcile";
import { runSyncLikes, syncLikes } from "./processors/sync-likes";
import { YnisonManager } from "./ynison-manager";

/**
 * The real processors, wired to the provider clients and the listening writer. Tests build their own
 * Processors with the same runX functions and controllable pieces.
 */
export function buildProcessors(
  db: Db,
  lock: Locker,
  ctx: JobsContext | null,
  ynison: YnisonManager = new YnisonManager(),
): Processors {
  const pollDeps: PollDeps = {
    db,
    lock,
    observe: (d, conn) => observe(d, conn, ynison),
    apply: (d, input) => applyObservation(d, input),
    onGap: (userId) => enqueueReconcile(userId, "gap", ctx),
    onPlaying: (userId, playing) => notePlaying(db, userId, playing),
  };
  const enrich = {
    db,
    lrclib: createLrclib({ baseUrl: env().LRCLIB_URL }),
    musicbrainz: createMusicBrainz({ baseUrl: env().MUSICBRAINZ_URL }),
    yandex: yandexView,
    spotifyGenres: spotifyArtistGenres,
  };
  return {
    poll: async (p) => {
      const r = await runPoll(pollDeps, p);
      // A Yandex connection that is gone or needs re-auth must not keep its socket open.
      if (r.kind === "stop" && p.source === "yandex") ynison.stop(p.userId);
      return r;
    },
    reconcile: (p) => runReconcile({ db, reconcile: reconcileSpotify }, p),
    "sync-likes": (p) => runSyncLikes({ db, syncLikes }, p),
    "enrich-track": (p) => runEnrichTrack(enrich, p),
    import: (p) => runImport(db, p.importId),
    "outbox-deliver": (p) => deliverTarget(db, p.targetId),
    // With Redis the sweep hands each due target to any worker; in-process it delivers them here, in turn.
    "outbox-sweep": async () => {
      const due = await dueTargets(db);
      for (const id of due) await (ctx ? enqueueOutbox(id, ctx) : deliverTarget(db, id));
      return { due: due.length };
    },
  };
}
