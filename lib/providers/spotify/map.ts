import type { PlaybackSnapshot, ProviderTrack } from "../types";
import type { SpotifyPlayback, SpotifyTrack } from "./schemas";
import { track as trackSchema } from "./schemas";

/** Spotify track → domain track; cover = the first (largest) album image or "" (seed-app-contract §2.2). */
export function mapTrack(t: SpotifyTrack): ProviderTrack {
  const cover = t.album?.images?.[0]?.url ?? "";
  return {
    provider: "spotify",
    externalId: t.is_local ? null : (t.id ?? null),
    title: t.name,
    artists: (t.artists ?? []).map((a) => ({ id: a.id ?? null, name: a.name })),
    album: t.album
      ? { id: t.album.id ?? null, title: t.album.name ?? "", releaseDate: t.album.release_date ?? undefined }
      : undefined,
    durationMs: t.duration_ms ?? null,
    coverUrl: cover.startsWith("https://") ? cover : "",
    isrc: t.external_ids?.isrc,
    isLocal: Boolean(t.is_local),
    url: t.external_urls?.spotify,
    uri: t.uri ?? undefined,
  };
}

export function mapPlayback(p: SpotifyPlayback | null, receivedAt: number): PlaybackSnapshot {
  if (!p) {
    return {
      provider: "spotify",
      kind: "none",
      isPlaying: false,
      progressMs: 0,
      durationMs: null,
      privateSession: false,
      receivedAt,
    };
  }
  const parsed = p.item?.type === "track" ? trackSchema.safeParse(p.item) : undefined;
  const track = parsed?.success ? mapTrack(parsed.data) : undefined;
  const type = p.currently_playing_type;
  const kind: PlaybackSnapshot["kind"] = track
    ? track.isLocal
      ? "local"
      : "track"
    : type === "ad" || type === "episode"
      ? type
      : p.item
        ? "unknown"
        : type === "track"
          ? "none"
          : "unknown";
  return {
    provider: "spotify",
    kind,
    isPlaying: p.is_playing,
    progressMs: Math.max(0, p.progress_ms ?? 0),
    durationMs: track?.durationMs ?? null,
    track,
    device: p.device ? { id: p.device.id ?? null, name: p.device.name, type: p.device.type } : undefined,
    privateSession: Boolean(p.device?.is_private_session),
    repeat: p.repeat_state ?? undefined,
    shuffle: p.shuffle_state ?? undefined,
    receivedAt,
  };
}
