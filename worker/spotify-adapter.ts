import type { SpotifyTrackObject } from "@/lib/listening/snapshot";
import type { PlaybackSnapshot, ProviderTrack } from "@/lib/providers/types";

/**
 * The provider client returns typed snapshots; the listening rules read Spotify's own JSON shapes (so the
 * live key of a track is the one recently-played uses). These put the client's objects back into those
 * shapes, field for field; nothing is invented.
 */
export function toTrackObject(t: ProviderTrack): SpotifyTrackObject {
  return {
    id: t.externalId,
    name: t.title,
    type: "track",
    is_local: t.isLocal,
    duration_ms: t.durationMs,
    artists: t.artists.map((a) => ({ id: a.id, name: a.name })),
    album: t.album
      ? { id: t.album.id, name: t.album.title, images: t.coverUrl ? [{ url: t.coverUrl }] : [] }
      : null,
    external_ids: t.isrc ? { isrc: t.isrc } : null,
  } as SpotifyTrackObject;
}

/** PlaybackSnapshot → the `GET /me/player` body it was read from (null for 204). */
export function toPlayerBody(s: PlaybackSnapshot): unknown {
  if (s.kind === "none") return null;
  const type = s.kind === "local" ? "track" : s.kind;
  return {
    device: s.device
      ? { id: s.device.id, name: s.device.name, type: s.device.type, is_private_session: s.privateSession }
      : null,
    progress_ms: s.progressMs,
    is_playing: s.isPlaying,
    currently_playing_type: type,
    repeat_state: s.repeat ?? "off",
    item: s.track ? { ...toTrackObject(s.track), type: type === "episode" ? "episode" : "track" } : null,
  };
}

/** recentlyPlayed() items → the `/me/player/recently-played` body. */
export function toRecentBody(items: { track: ProviderTrack; playedAt: Date }[]): unknown {
  return {
    items: items.map((i) => ({ played_at: i.playedAt.toISOString(), track: toTrackObject(i.track) })),
  };
}
