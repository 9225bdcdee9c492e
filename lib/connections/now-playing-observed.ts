import type { Db } from "@/db/client";
import { PLAYING_INTERVAL } from "@/lib/listening/cadence";
import { loadState } from "@/lib/listening/stored-state";
import type { Pass } from "@/lib/listening/types";
import type { ProviderResult } from "./now-playing";

// The worker looks at a playing player every 10 s. Half a look keeps a pause, a skip or a revoked token on
// the phone visible on the page within seconds, and still serves about half of an open page's refreshes.
const FRESH_MS = PLAYING_INTERVAL / 2;

/**
 * "Playing now" from the scrobbler's own latest look at the player, while it is fresh: the page and the
 * worker then share one observation instead of each asking Spotify (one quota for the whole instance).
 * Only a pass the latest look saw is shown; anything else (nothing playing, an ad, a failing poll, a look
 * too old) returns null and the page asks the provider itself.
 */
export async function observedNowPlaying(
  db: Db,
  userId: number,
  now: number,
): Promise<ProviderResult | null> {
  const { meta, sessions } = await loadState(db, userId, "spotify");
  const seenAt = meta?.lastObservedAt;
  if (seenAt == null || meta?.failingSince != null || now - seenAt > FRESH_MS) return null;
  const pass = sessions
    .map((s) => s.pass)
    .find((p): p is Pass => p != null && p.lastObservedAt === seenAt && p.pendingStopAt == null);
  if (!pass?.track) return null;
  const playing = pass.status === "playing";
  const moved = pass.lastPositionMs + (playing ? now - seenAt : 0);
  const progressMs = pass.durationMs ? Math.min(moved, pass.durationMs) : moved;
  const t = pass.track;
  return {
    status: playing ? "ok" : "paused",
    is_playing: playing,
    progress_ms: progressMs,
    device: null,
    track: {
      provider: "spotify",
      externalId: t.externalId,
      title: t.title,
      artists: t.artists.map((a) => ({ id: a.externalId ?? null, name: a.name })),
      album: t.album && { id: t.album.externalId ?? null, title: t.album.title },
      durationMs: pass.durationMs,
      coverUrl: t.coverUrl ?? t.album?.coverUrl ?? "",
      isLocal: t.externalId == null,
      url: t.url ?? undefined,
      progressMs,
    },
  };
}
