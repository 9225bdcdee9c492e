import type { TrackInput } from "@/lib/catalog/upsert";
import type { ProviderTrack } from "@/lib/providers/types";

/**
 * Catalog input for a track the provider clients returned (liked tracks, Yandex states). Keys as the live
 * poll's own mapping (lib/listening/snapshot.ts) gives them: a Spotify local file has no ids and is keyed by
 * its metadata, and only https covers reach the catalog (the client keeps no other).
 */
export function trackInput(t: ProviderTrack): TrackInput {
  const local = t.isLocal;
  return {
    provider: local ? "local" : t.provider,
    externalId: local ? null : t.externalId,
    title: t.version ? `${t.title} (${t.version})` : t.title,
    artists: t.artists
      .filter((a) => a.name)
      .map((a) => ({ name: a.name, ...(a.id && !local ? { externalId: a.id } : {}) })),
    album: t.album?.title
      ? {
          title: t.album.title,
          ...(t.album.id && !local ? { externalId: t.album.id } : {}),
          ...(t.coverUrl ? { coverUrl: t.coverUrl } : {}),
        }
      : undefined,
    durationMs: t.durationMs,
    isrc: t.isrc ?? null,
    coverUrl: t.coverUrl || null,
    ...(t.provider === "yandex" ? { url: t.url ?? null } : {}),
  };
}
