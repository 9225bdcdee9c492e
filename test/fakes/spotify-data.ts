/**
 * The fake Spotify's catalogue and its JSON object builders (reference/spotify-api.md §5), in two profiles:
 * "dev" (2026 development mode: removed fields absent) and "extended" (extended quota: fields present).
 */

export type Profile = "dev" | "extended";

export type FakeArtist = { id: string; name: string; genres?: string[]; popularity?: number };
export type FakeAlbum = {
  id: string;
  name: string;
  artistIds: string[];
  releaseDate?: string;
  /** Set false to return `images: []` (the client must cope). */
  images?: boolean;
};
export type FakeTrack = {
  id: string;
  name: string;
  durationMs: number;
  artistIds: string[];
  albumId: string;
  isrc?: string;
};

/** A 22-character base62 Spotify id with a readable prefix, e.g. sid("Trk", 1) = "1TrkAAAAAAAAAAAAAAAAA1". */
export function sid(prefix: string, n: number): string {
  const tail = String(n);
  return `1${prefix}${"A".repeat(22 - 1 - prefix.length - tail.length)}${tail}`;
}

export const DEFAULT_ARTISTS: FakeArtist[] = [
  { id: sid("Art", 1), name: "Aurora Lane", genres: ["indie pop"], popularity: 61 },
  { id: sid("Art", 2), name: "The Night Owls", genres: ["synthwave"], popularity: 48 },
  { id: sid("Art", 3), name: "Кино", genres: ["russian rock"], popularity: 70 },
  { id: sid("Art", 4), name: "Guest Star", genres: [], popularity: 20 },
];

export const DEFAULT_ALBUMS: FakeAlbum[] = [
  { id: sid("Alb", 1), name: "Northern Lights", artistIds: [sid("Art", 1)], releaseDate: "2024-03-01" },
  { id: sid("Alb", 2), name: "Midnight Drive", artistIds: [sid("Art", 2)], releaseDate: "2019" },
  { id: sid("Alb", 3), name: "Группа крови", artistIds: [sid("Art", 3)], releaseDate: "1988-01" },
  { id: sid("Alb", 4), name: "No Cover", artistIds: [sid("Art", 4)], images: false },
];

export const DEFAULT_TRACKS: FakeTrack[] = [
  {
    id: sid("Trk", 1),
    name: "Example Song",
    durationMs: 201_000,
    artistIds: [sid("Art", 1), sid("Art", 4)],
    albumId: sid("Alb", 1),
    isrc: "USAAA2400001",
  },
  {
    id: sid("Trk", 2),
    name: "Second Light",
    durationMs: 185_000,
    artistIds: [sid("Art", 1)],
    albumId: sid("Alb", 1),
    isrc: "USAAA2400002",
  },
  {
    id: sid("Trk", 3),
    name: "Neon Highway",
    durationMs: 242_000,
    artistIds: [sid("Art", 2)],
    albumId: sid("Alb", 2),
    isrc: "GBBBB1900003",
  },
  {
    id: sid("Trk", 4),
    name: "Группа крови",
    durationMs: 286_000,
    artistIds: [sid("Art", 3)],
    albumId: sid("Alb", 3),
  },
  {
    id: sid("Trk", 5),
    name: "Short Interlude",
    durationMs: 25_000,
    artistIds: [sid("Art", 4)],
    albumId: sid("Alb", 4),
  },
];

export const API = "https://api.spotify.com/v1";
const OPEN = "https://open.spotify.com";

export class Catalogue {
  artists = new Map(DEFAULT_ARTISTS.map((a) => [a.id, a]));
  albums = new Map(DEFAULT_ALBUMS.map((a) => [a.id, a]));
  tracks = new Map(DEFAULT_TRACKS.map((t) => [t.id, t]));

  simpleArtist(id: string) {
    const a = this.artists.get(id);
    return {
      external_urls: { spotify: `${OPEN}/artist/${id}` },
      href: `${API}/artists/${id}`,
      id,
      name: a?.name ?? "Unknown",
      type: "artist",
      uri: `spotify:artist:${id}`,
    };
  }

  fullArtist(id: string, profile: Profile) {
    const a = this.artists.get(id);
    if (!a) return undefined;
    return {
      ...this.simpleArtist(id),
      images: [{ url: `https://i.scdn.co/image/artist-${id}`, height: 640, width: 640 }],
      ...(profile === "extended" && {
        followers: { href: null, total: 1234 },
        popularity: a.popularity ?? 0,
        genres: a.genres ?? [],
      }),
    };
  }

  album(id: string, profile: Profile) {
    const a = this.albums.get(id);
    const release = a?.releaseDate ?? "2020-01-01";
    return {
      album_type: "album",
      total_tracks: [...this.tracks.values()].filter((t) => t.albumId === id).length,
      external_urls: { spotify: `${OPEN}/album/${id}` },
      href: `${API}/albums/${id}`,
      id,
      images:
        a?.images === false
          ? []
          : [640, 300, 64].map((s) => ({ url: `https://i.scdn.co/image/${id}-${s}`, height: s, width: s })),
      name: a?.name ?? "Unknown",
      release_date: release,
      release_date_precision: release.length === 4 ? "year" : release.length === 7 ? "month" : "day",
      type: "album",
      uri: `spotify:album:${id}`,
      artists: (a?.artistIds ?? []).map((x) => this.simpleArtist(x)),
      ...(profile === "extended" && { available_markets: ["RU", "US"], label: "Fake Label", popularity: 40 }),
    };
  }

  track(id: string, profile: Profile) {
    const t = this.tracks.get(id);
    if (!t) return undefined;
    return {
      album: this.album(t.albumId, profile),
      artists: t.artistIds.map((a) => this.simpleArtist(a)),
      disc_number: 1,
      duration_ms: t.durationMs,
      explicit: false,
      external_ids: t.isrc ? { isrc: t.isrc } : {},
      external_urls: { spotify: `${OPEN}/track/${id}` },
      href: `${API}/tracks/${id}`,
      id,
      is_local: false,
      is_playable: true,
      name: t.name,
      preview_url: null,
      track_number: 1,
      type: "track",
      uri: `spotify:track:${id}`,
      ...(profile === "extended" && { popularity: 55, available_markets: ["RU", "US"] }),
    };
  }

  /** A local file: null ids, metadata-only uri (§5). */
  static localTrack(artist: string, album: string, title: string, durationMs: number) {
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
    return {
      album: {
        album_type: null,
        artists: [],
        external_urls: {},
        href: null,
        id: null,
        images: [],
        name: album,
        release_date: null,
        release_date_precision: null,
        type: "album",
        uri: null,
      },
      artists: [
        { external_urls: {}, href: null, id: null, name: artist, type: "artist", uri: `spotify:artist:` },
      ],
      disc_number: 0,
      duration_ms: durationMs,
      explicit: false,
      external_ids: {},
      external_urls: {},
      href: null,
      id: null,
      is_local: true,
      name: title,
      preview_url: null,
      track_number: 0,
      type: "track",
      uri: `spotify:local:${enc(artist)}:${enc(album)}:${enc(title)}:${Math.round(durationMs / 1000)}`,
    };
  }

  static episode(id: string) {
    return {
      id,
      name: "A Podcast Episode",
      duration_ms: 1_800_000,
      type: "episode",
      uri: `spotify:episode:${id}`,
      images: [],
      show: { id: sid("Shw", 1), name: "A Show", type: "show" },
    };
  }
}
