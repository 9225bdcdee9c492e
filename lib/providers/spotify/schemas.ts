/**
 * zod schemas for the Spotify responses MusicTrace reads (spotify-api.md §4–5). Lenient on purpose: unknown
 * fields are dropped and every field touched by the 2024–2026 changes is optional.
 */
import { z } from "zod";

const optStr = z.string().nullish();
export const image = z.object({ url: z.string(), height: z.number().nullish(), width: z.number().nullish() });

export const simpleArtist = z.object({ id: optStr, name: z.string(), uri: optStr });

export const album = z.object({
  id: optStr,
  name: optStr,
  images: z.array(image).nullish(),
  release_date: optStr,
  uri: optStr,
});

export const track = z.object({
  type: z.literal("track"),
  id: optStr,
  name: z.string(),
  duration_ms: z.number().nullish(),
  artists: z.array(simpleArtist).nullish(),
  album: album.nullish(),
  is_local: z.boolean().nullish(),
  uri: optStr,
  external_ids: z.object({ isrc: z.string().optional() }).nullish(),
  external_urls: z.object({ spotify: z.string().optional() }).nullish(),
});
export type SpotifyTrack = z.infer<typeof track>;

export const device = z.object({
  id: optStr,
  name: z.string().default(""),
  type: z.string().default("Unknown"),
  is_active: z.boolean().nullish(),
  is_private_session: z.boolean().nullish(),
});

export const playback = z.object({
  device: device.nullish(),
  repeat_state: z.enum(["off", "track", "context"]).nullish().catch(null),
  shuffle_state: z.boolean().nullish(),
  progress_ms: z.number().nullish(),
  is_playing: z.boolean().default(false),
  // Parsed further by type: a track, an episode, or null (adverts, episodes without additional_types).
  item: z.object({ type: z.string() }).passthrough().nullish(),
  currently_playing_type: z.string().default("unknown"),
});
export type SpotifyPlayback = z.infer<typeof playback>;

export const me = z.object({
  account_id: optStr,
  id: z.string(),
  display_name: optStr,
  images: z.array(image).nullish(),
});

export const savedTracks = z.object({
  items: z.array(z.object({ added_at: z.string(), track })),
  total: z.number(),
  next: optStr,
  offset: z.number().default(0),
});

export const artist = z.object({
  id: z.string(),
  name: z.string(),
  images: z.array(image).nullish(),
  genres: z.array(z.string()).nullish(),
  popularity: z.number().nullish(),
});

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number(),
  refresh_token: z.string().optional(),
});

export const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
export const apiError = z.object({
  error: z.object({
    status: z.number().optional(),
    message: z.string().optional(),
    reason: z.string().optional(),
  }),
});
