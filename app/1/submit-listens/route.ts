import { lbRoute, preflight, readBounded } from "@/lib/listenbrainz/http";
import { MAX_LISTEN_PAYLOAD_SIZE, parseSubmission } from "@/lib/listenbrainz/validate";
import { setPlayingNow, writeSubmitted } from "@/lib/listenbrainz/write";
import { forwardNowPlaying, nowPlayingOf } from "@/lib/outbox/now-playing";

/** ListenBrainz `POST /1/submit-listens`: single, playing_now or import (up to 1,000). */
export const POST = lbRoute(async ({ req, db, owner }) => {
  const now = Date.now();
  const sub = parseSubmission(await readBounded(req, MAX_LISTEN_PAYLOAD_SIZE), now);
  if (sub.type === "playing_now") {
    await setPlayingNow(db, owner.userId, sub.listen, now);
    // Onward to the user's ListenBrainz/Last.fm, best effort: the player is not kept waiting for them.
    void forwardNowPlaying(db, owner.userId, nowPlayingOf(sub.listen)).catch(() => {});
  } else await writeSubmitted(db, owner.userId, sub.rows, sub.metas);
  return { status: "ok" };
});

export const OPTIONS = preflight;
