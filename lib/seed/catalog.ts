import { albumTitle, artistName, CYRILLIC_GENRES, GENRES, normalise, spotifyId, trackTitle } from "./names";
import { Rng } from "./random";

export type SeedProviderIds = { spotify?: string; yandex?: string };

export type SeedArtist = {
  index: number;
  name: string;
  normName: string;
  genres: string[];
  ids: SeedProviderIds;
  /** Where in the timeline (0 = oldest, 1 = now) this artist was at its most played, and for how long. */
  peak: number;
  width: number;
  cyrillic: boolean;
};

export type SeedAlbum = {
  index: number;
  artist: number;
  title: string;
  normTitle: string;
  year: number;
  genre: string;
  ids: SeedProviderIds;
};

export type SeedTrack = {
  index: number;
  title: string;
  normTitle: string;
  artists: number[];
  album: number;
  durationMs: number;
  isrc: string;
  ids: SeedProviderIds;
};

export type SeedCatalog = {
  artists: SeedArtist[];
  albums: SeedAlbum[];
  tracks: SeedTrack[];
  /** Track indexes per artist, most popular first (tracks credited to the artist as the main one). */
  tracksByArtist: number[][];
};

/** Catalog size that scales with the history: ~12k artists and ~60k tracks at a million listens. */
export function catalogSize(listens: number): { artists: number; tracks: number } {
  const artists = Math.max(20, Math.min(12_000, Math.round(listens / 80)));
  return { artists, tracks: artists * 5 };
}

function providerIds(rng: Rng, cyrillic: boolean, numeric: () => string): SeedProviderIds {
  const roll = rng.next();
  // Cyrillic artists live mostly on Yandex; the rest mostly on Spotify; many songs are on both.
  const both = 0.45;
  const yandexOnly = cyrillic ? 0.4 : 0.1;
  if (roll < both) return { spotify: spotifyId(rng), yandex: numeric() };
  if (roll < both + yandexOnly) return { yandex: numeric() };
  return { spotify: spotifyId(rng) };
}

/**
 * Every entity is drawn from its own RNG stream (seed, kind, index), so the same seed yields the same
 * artist #i whatever the catalog size, and two users seeded from one catalog seed share songs.
 */
export function generateCatalog(seed: string, size: { artists: number; tracks: number }): SeedCatalog {
  // Yandex ids are numeric: a per-seed prefix keeps two catalogs from claiming each other's ids.
  const tag = 1000 + Math.floor(new Rng(`${seed}:tag`).next() * 8999);
  const yandexId = (kind: number, i: number) => `${tag}${kind}${String(i).padStart(7, "0")}`;
  const yearNow = new Date().getUTCFullYear();
  const artists: SeedArtist[] = [];
  for (let i = 0; i < size.artists; i++) {
    const rng = new Rng(`${seed}:artist:${i}`);
    const cyrillic = rng.chance(0.35);
    const pool = GENRES.filter((g) => (cyrillic ? CYRILLIC_GENRES.has(g) : true));
    const genres = [rng.pick(pool)];
    if (rng.chance(0.5)) genres.push(rng.pick(pool));
    const name = artistName(rng, cyrillic, i);
    artists.push({
      index: i,
      name,
      normName: normalise(name),
      genres: [...new Set(genres)],
      ids: providerIds(rng, cyrillic, () => yandexId(1, i)),
      peak: rng.next() * 1.2 - 0.1,
      width: 0.05 + rng.next() * 0.4,
      cyrillic,
    });
  }

  // Popular artists have deeper catalogs: the track count per artist falls off with rank.
  const shares = artists.map((_, i) => (i + 1) ** -0.4);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const counts = shares.map((s) => Math.max(1, Math.round((s / shareSum) * size.tracks)));

  const albums: SeedAlbum[] = [];
  const tracks: SeedTrack[] = [];
  const tracksByArtist: number[][] = artists.map(() => []);
  for (const artist of artists) {
    const count = counts[artist.index] ?? 1;
    const albumCount = Math.max(1, Math.ceil(count / 9));
    const firstAlbum = albums.length;
    for (let a = 0; a < albumCount; a++) {
      const rng = new Rng(`${seed}:album:${artist.index}:${a}`);
      const title = albumTitle(rng, artist.cyrillic);
      albums.push({
        index: albums.length,
        artist: artist.index,
        title,
        normTitle: normalise(title),
        year: yearNow - rng.int(0, 25),
        genre: artist.genres[0] ?? "pop",
        ids: providerIds(rng, artist.cyrillic, () => yandexId(2, albums.length)),
      });
    }
    for (let t = 0; t < count; t++) {
      const rng = new Rng(`${seed}:track:${artist.index}:${t}`);
      const title = trackTitle(rng, artist.cyrillic);
      const credits = [artist.index];
      if (rng.chance(0.1) && artists.length > 1) {
        const guest = rng.int(0, artists.length - 1);
        if (guest !== artist.index) credits.push(guest);
      }
      const index = tracks.length;
      tracks.push({
        index,
        title,
        normTitle: normalise(title),
        artists: credits,
        album: firstAlbum + (t % albumCount),
        durationMs: Math.round(Math.max(70_000, 205_000 + rng.normal() * 45_000)),
        isrc: `XX${artist.cyrillic ? "RU" : "US"}${String(index).padStart(8, "0")}`,
        ids: providerIds(rng, artist.cyrillic, () => yandexId(3, index)),
      });
      tracksByArtist[artist.index]?.push(index);
    }
  }
  return { artists, albums, tracks, tracksByArtist };
}
