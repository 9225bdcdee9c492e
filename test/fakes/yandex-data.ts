/** The fake Yandex Music catalogue (reference/yandex-music-api.md A.6): covers with `%%`, mixed id types. */

export type YTrack = {
  id: string;
  title: string;
  version?: string;
  durationMs?: number;
  type?: string;
  artists: { id: number; name: string }[];
  album?: { id: number; title: string; genre?: string; year?: number };
  lyrics?: { lrc?: string; text?: string };
  /** Flags that disagree with `lyrics` (Yandex still advertises lyrics it no longer serves: 404 `not-found`). */
  lyricsInfo?: { hasAvailableSyncLyrics: boolean; hasAvailableTextLyrics: boolean };
};

export const DEFAULT_YANDEX_TRACKS: YTrack[] = [
  {
    id: "10000001",
    title: "Одна",
    durationMs: 198_000,
    artists: [{ id: 41052, name: "Северный Ветер" }],
    album: { id: 2000001, title: "Полярная ночь", genre: "rusrap", year: 2023 },
  },
  {
    id: "10000003",
    title: "Song",
    version: "Radio Edit",
    durationMs: 215_000,
    artists: [
      { id: 41052, name: "Северный Ветер" },
      { id: 41053, name: "Guest" },
    ],
    album: { id: 2000001, title: "Полярная ночь", genre: "rusrap", year: 2023 },
    lyrics: {
      lrc: "[00:01.00] Первая строка\n[00:05.50] Вторая строка\n",
      text: "Первая строка\nВторая строка\n",
    },
  },
  {
    id: "10000005",
    title: "No Genre, No Duration",
    artists: [{ id: 41060, name: "Indie Person" }],
    album: { id: 2000002, title: "Demo", year: 2021 },
  },
  {
    id: "10000777",
    title: "Podcast Episode 12",
    type: "podcast-episode",
    durationMs: 1_800_000,
    artists: [],
    album: { id: 2000009, title: "Talk Show", genre: "podcasts" },
  },
];

export function cover(albumId: number): string {
  return `avatars.yandex.net/get-music-content/12345/abcdef01.a.${albumId}-1/%%`;
}

/** Track JSON as the API sends it: track ids as strings, album/artist ids as numbers. */
export function trackJson(t: YTrack) {
  return {
    id: t.id,
    realId: t.id,
    title: t.title,
    ...(t.version && { version: t.version }),
    available: true,
    ...(t.durationMs !== undefined && { durationMs: t.durationMs }),
    ...(t.album && { coverUri: cover(t.album.id) }),
    lyricsInfo: t.lyricsInfo ?? {
      hasAvailableSyncLyrics: Boolean(t.lyrics?.lrc),
      hasAvailableTextLyrics: Boolean(t.lyrics?.text),
    },
    type: t.type ?? "music",
    trackSource: "OWN",
    artists: t.artists.map((a) => ({
      id: a.id,
      name: a.name,
      various: false,
      composer: false,
      cover: { type: "from-artist-photos", uri: `avatars.yandex.net/get-music-content/artist-${a.id}/%%` },
      genres: [],
    })),
    albums: t.album
      ? [
          {
            id: t.album.id,
            title: t.album.title,
            metaType: "music",
            ...(t.album.year && { year: t.album.year }),
            coverUri: cover(t.album.id),
            ...(t.album.genre && { genre: t.album.genre }),
            trackCount: 12,
            labels: [{ id: 1, name: "Label" }],
            trackPosition: { volume: 1, index: 3 },
            artists: [],
          },
        ]
      : [],
  };
}
