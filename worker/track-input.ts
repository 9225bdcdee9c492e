import type { TrackInput } from "@/lib/catalog/upsert";
import { spotifyTrackInput } from "@/lib/listening/snapshot";
import type { ProviderTrack } from "@/lib/providers/types";
import { toTrackObject } from "./spotify-adapter";

/** Catalog input for a provider track; Spotify goes through the listening rules' own mapping (same keys). */
export function trackInput(t: ProviderTrack): TrackInput {
  if (t.provider === "spotify") return spotifyTrackInput(toTrackObject(t));
  return {
    provider: "yandex",
    externalId: t.externalId,
    title: t.version ? `${t.title} (${t.version})` : t.title,
    artists: t.artists.map((a) => ({ name: a.name, ...(a.id ? { externalId: a.id } : {}) })),
    album: t.album
      ? {
          title: t.album.title,
          ...(t.album.id ? { externalId: t.album.id } : {}),
          ...(t.coverUrl ? { coverUrl: t.coverUrl } : {}),
        }
      : undefined,
    durationMs: t.durationMs,
    isrc: t.isrc ?? null,
    coverUrl: t.coverUrl || null,
    url: t.url ?? null,
  };
}
