import { createHash } from "node:crypto";
import { z } from "zod";
import { metadataKey } from "@/lib/catalog/normalize";
import type { TrackInput } from "@/lib/catalog/upsert";
import { endsAt, positionAt, statusAt, type YnisonState } from "@/lib/providers/yandex/ynison/frames";
import type { Snapshot } from "./types";

// Lenient: unknown fields are dropped (not copied: most of a player body is fields we never read) and
// everything touched by Spotify's 2024–2026 changes is optional (spotify-api.md §5).
const image = z.object({ url: z.string() });
const artist = z.object({ id: z.string().nullish(), name: z.string().nullish() });
export const spotifyTrackSchema = z.object({
  type: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  duration_ms: z.number().nullish(),
  is_local: z.boolean().nullish(),
  uri: z.string().nullish(),
  artists: z.array(artist).nullish(),
  album: z
    .object({ id: z.string().nullish(), name: z.string().nullish(), images: z.array(image).nullish() })

    .nullish(),
  external_ids: z.object({ isrc: z.string().nullish() }).nullish(),
});
export type SpotifyTrackObject = z.infer<typeof spotifyTrackSchema>;

export const spotifyPlayerBody = z.object({
  device: z
    .object({
      id: z.string().nullish(),
      name: z.string().nullish(),
      is_private_session: z.boolean().nullish(),
    })

    .nullish(),
  repeat_state: z.string().nullish(),
  progress_ms: z.number().nullish(),
  is_playing: z.boolean().nullish(),
  currently_playing_type: z.string().nullish(),
  item: spotifyTrackSchema.nullish(),
});

/** A Spotify TrackObject as catalog input; local files carry no ids and are keyed by metadata. */
export function spotifyTrackInput(t: SpotifyTrackObject): TrackInput {
  const artists = (t.artists ?? [])
    .filter((a) => a.name)
    .map((a) => ({ name: a.name ?? "", ...(a.id && !t.is_local ? { externalId: a.id } : {}) }));
  // Only https covers reach the catalog (and the pages' <img>), as the provider client's own mapping does.
  const first = t.album?.images?.[0]?.url;
  const cover = first?.startsWith("https://") ? first : undefined;
  const album = t.album?.name
    ? {
        title: t.album.name,
        ...(t.album.id && !t.is_local ? { externalId: t.album.id } : {}),
        ...(cover ? { coverUrl: cover } : {}),
      }
    : undefined;
  return {
    provider: t.is_local ? "local" : "spotify",
    externalId: t.is_local ? null : (t.id ?? null),
    title: t.name ?? "",
    artists,
    album,
    durationMs: t.duration_ms ?? null,
    isrc: t.external_ids?.isrc ?? null,
    coverUrl: cover ?? null,
  };
}

/** The stable key of a Spotify track: its id, or for a local file a hash of its normalised metadata. */
export function spotifyTrackKey(t: SpotifyTrackObject): string | null {
  if (t.is_local || !t.id) {
    if (!t.name) return null;
    return metadataKey({
      artists: (t.artists ?? []).map((a) => a.name ?? ""),
      title: t.name,
      album: t.album?.name ?? null,
      durationMs: t.duration_ms ?? null,
    });
  }
  return t.id;
}

export const UNKNOWN_DEVICE = "device:unknown";

const deviceNameKey = (name: string) =>
  `name:${createHash("sha1").update(name).digest("base64url").slice(0, 16)}`;

/**
 * `GET /me/player` → snapshot. `body` is the parsed JSON, or null for 204 (nothing playing). Throws a
 * ZodError on a body that is not a playback state at all (the caller treats that as a failed poll).
 */
export function fromSpotifyPlayer(body: unknown, observedAt: number): Snapshot {
  const none: Snapshot = {
    provider: "spotify",
    observedAt,
    status: "none",
    deviceKey: null,
    isPrivate: false,
    kind: "none",
    trackKey: null,
    durationMs: null,
    positionMs: 0,
    repeatOne: false,
    speed: 1,
    track: null,
  };
  if (body == null || body === "") return none;
  const b = spotifyPlayerBody.parse(body);
  // `currently-playing` (the fallback without user-read-playback-state) names no device at all: one
  // anonymous device then, rather than no listens for that user.
  const deviceKey = b.device?.id
    ? b.device.id
    : b.device?.name
      ? deviceNameKey(b.device.name)
      : UNKNOWN_DEVICE;
  const type = b.currently_playing_type ?? b.item?.type ?? "unknown";
  const item = b.item;
  let kind: Snapshot["kind"] = "unknown";
  if (type === "ad") kind = "ad";
  else if (type === "episode" || item?.type === "episode") kind = "episode";
  else if (type === "track" && item) kind = item.is_local ? "local" : "track";
  const music = kind === "track" || kind === "local";
  const trackKey = music && item ? spotifyTrackKey(item) : null;
  return {
    ...none,
    deviceKey,
    isPrivate: b.device?.is_private_session === true,
    kind,
    // Episodes, ads and unknown content count as nothing for music tracking (§2).
    status: music && trackKey ? (b.is_playing ? "playing" : "paused") : "none",
    trackKey,
    durationMs: music ? (item?.duration_ms ?? null) : null,
    positionMs: Math.max(0, b.progress_ms ?? 0),
    repeatOne: b.repeat_state === "track",
    track: music && item ? spotifyTrackInput(item) : null,
  };
}

/** What a Ynison state needs besides the frame: the track's catalog data and how long we have watched. */
export type YnisonContext = {
  /**
   * Track metadata from `/tracks` (cached by the caller). `null` means the lookup found no music (a
   * podcast, an audiobook): not a listen. Left out, the playable's title stands in until metadata arrives.
   */
  track?: TrackInput | null;
  /** When the socket this state came from went live (its first frame): since then every change was pushed. */
  watchedSince?: number | null;
};

/**
 * The latest Ynison state (yandex-music-api.md B.4–B.6) observed at `observedAt`. Frames come only on change,
 * so the position between them is the frame's extrapolation (`positionAt`, the one place it is computed);
 * the status's change time tells when the current play began, which bounds a new pass's head (E1).
 */
export function fromYnisonState(y: YnisonState, observedAt: number, ctx: YnisonContext = {}): Snapshot {
  const speed = y.playbackSpeed > 0 ? y.playbackSpeed : 1;
  const base: Snapshot = {
    provider: "yandex",
    observedAt,
    status: "none",
    // An omitted active device is ambiguous (B.7): the device that made the change stands in for it.
    deviceKey: y.stopped
      ? null
      : (y.activeDeviceId === undefined ? y.statusDeviceId : y.activeDeviceId) || null,
    isPrivate: false,
    kind: "none",
    trackKey: null,
    durationMs: null,
    positionMs: 0,
    repeatOne: y.repeat === "ONE",
    speed,
    track: null,
    frameAt: y.receivedAt,
  };
  if (y.stopped || !y.trackId) return base;
  if (y.playableType !== "TRACK" || ctx.track === null) return { ...base, kind: "unknown" };
  const dur = y.durationMs > 0 ? y.durationMs : null;
  const track: TrackInput = ctx.track ?? {
    provider: "yandex",
    externalId: y.trackId,
    title: y.title || `Yandex ${y.trackId}`,
    artists: [],
    durationMs: dur,
  };
  return {
    ...base,
    status: y.paused ? "paused" : "playing",
    kind: "track",
    trackKey: y.trackId,
    durationMs: dur,
    positionMs: positionAt(y, observedAt),
    track,
    endsAt: endsAt(y) ?? undefined,
    playingSince: y.paused ? undefined : statusAt(y),
    watchedSince: ctx.watchedSince ?? undefined,
  };
}
