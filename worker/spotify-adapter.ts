import type { SpotifyTrackObject } from "@/lib/listening/snapshot";
import type { ProviderTrack } from "@/lib/providers/types";

/**
 * The provider client returns typed recently-played items; the listening rules read Spotify's own JSON
 * shapes (so the live key of a track is the one the player uses). These put the client's objects back into
 * those shapes, field for field; nothing is invented.
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

/** recentlyPlayed() items → the `/me/player/recently-played` body. */
export function toRecentBody(items: { track: ProviderTrack; playedAt: Date }[]): unknown {
  return {
    items: items.map((i) => ({ played_at: i.playedAt.toISOString(), track: toTrackObject(i.track) })),
  };
}
