/** zod schemas for the Yandex Music REST payloads MusicTrace reads (yandex-music-api.md A.3–A.8). Lenient. */
import { z } from "zod";

// Ids arrive as strings or numbers depending on the object: normalise every id to a string (A.3).
export const id = z.union([z.string(), z.number()]).transform(String);

export const accountStatus = z.object({
  account: z.object({
    uid: id.nullish(),
    login: z.string().nullish(),
    displayName: z.string().nullish(),
    serviceAvailable: z.boolean().nullish(),
  }),
  plus: z.object({ hasPlus: z.boolean().nullish() }).nullish(),
});

export const track = z.object({
  id,
  realId: id.nullish(),
  title: z.string(),
  version: z.string().nullish(),
  durationMs: z.number().nullish(),
  coverUri: z.string().nullish(),
  type: z.string().nullish(),
  available: z.boolean().nullish(),
  lyricsInfo: z
    .object({ hasAvailableSyncLyrics: z.boolean().nullish(), hasAvailableTextLyrics: z.boolean().nullish() })
    .nullish(),
  artists: z.array(z.object({ id: id.nullish(), name: z.string() })).nullish(),
  albums: z
    .array(
      z.object({
        id: id.nullish(),
        title: z.string().nullish(),
        genre: z.string().nullish(),
        year: z.number().nullish(),
        releaseDate: z.string().nullish(),
        coverUri: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type YandexTrack = z.infer<typeof track>;

export const likes = z.object({
  library: z.object({
    uid: id.nullish(),
    revision: z.number().nullish(),
    tracks: z.array(z.object({ id, albumId: id.nullish(), timestamp: z.string().nullish() })).default([]),
  }),
});

export const lyrics = z.object({
  downloadUrl: z.string(),
  lyricId: id.nullish(),
  writers: z.array(z.string()).nullish().catch(null),
  major: z.object({ name: z.string().nullish(), prettyName: z.string().nullish() }).nullish().catch(null),
});

export const errorBody = z.object({
  error: z
    .union([z.object({ name: z.string().nullish(), message: z.string().nullish() }), z.string()])
    .nullish(),
  errorDescription: z.string().nullish(),
});

export const musicHistory = z.object({
  historyTabs: z
    .array(
      z.object({
        date: z.string(),
        items: z
          .array(
            z.object({
              tracks: z
                .array(
                  z.object({
                    type: z.string().nullish(),
                    data: z.object({
                      itemId: z.object({ trackId: id.nullish(), albumId: id.nullish() }).nullish(),
                      fullModel: track.nullish().catch(null),
                    }),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
