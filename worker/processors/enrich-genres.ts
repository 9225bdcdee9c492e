import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { albumGenres, artistGenres, artists } from "@/db/schema";
import type { EnrichDeps, EnrichTrack } from "./enrich-track";
import type { YandexView } from "./enrich-yandex";

const MAX_GENRES = 5;
// Marks "looked up, MusicBrainz does not know this artist", so the lookup is not repeated for every track.
export const MBID_UNKNOWN = "-";

/**
 * Genres from every source that has them, each row labelled with its source (DESIGN.md): the Yandex album
 * genre first, then MusicBrainz tags of the first artist, then Spotify artist genres where Spotify still
 * sends them. Returns a short summary per source.
 */
export async function enrichGenres(
  deps: EnrichDeps,
  track: EnrichTrack,
  yandex: () => Promise<YandexView | null> = async () => null,
): Promise<string> {
  const parts = [
    await yandexAlbumGenre(deps.db, track, yandex),
    `musicbrainz:${await musicBrainzGenres(deps, track)}`,
    await spotifyGenres(deps, track),
  ];
  return parts.filter(Boolean).join(" ");
}

/** Yandex's genre belongs to the album (A.6: artist genres in track payloads are usually empty). */
async function yandexAlbumGenre(
  db: Db,
  track: EnrichTrack,
  yandex: () => Promise<YandexView | null>,
): Promise<string> {
  if (!track.albumId) return "";
  const [known] = await db
    .select({ genre: albumGenres.genre })
    .from(albumGenres)
    .where(and(eq(albumGenres.albumId, track.albumId), eq(albumGenres.source, "yandex")))
    .limit(1);
  if (known) return `yandex:${known.genre}`;
  const genre = (await yandex())?.genre?.trim().toLowerCase();
  if (!genre) return "";
  await db
    .insert(albumGenres)
    .values({ albumId: track.albumId, genre, source: "yandex" })
    .onConflictDoNothing();
  return `yandex:${genre}`;
}

/** MusicBrainz genres of the track's first artist, found by ISRC, else by exact name; once per artist. */
async function musicBrainzGenres(deps: EnrichDeps, track: EnrichTrack): Promise<string> {
  const artist = track.artist;
  if (!artist) return "no-artist";
  if (artist.mbid) return artist.mbid === MBID_UNKNOWN ? "unknown-artist" : "known";
  const mb = deps.musicbrainz;
  const byIsrc = track.isrc ? await mb.artistByIsrc(track.isrc) : null;
  // The ISRC's first credited artist is ours only if the names agree (a cover or a mis-tag would mislead).
  const hit =
    byIsrc && byIsrc.name.toLowerCase() === artist.name.toLowerCase()
      ? byIsrc
      : await mb.findArtist(artist.name);
  if (!hit) {
    await deps.db.update(artists).set({ mbid: MBID_UNKNOWN }).where(eq(artists.id, artist.id));
    return "unknown-artist";
  }
  const tags = (await mb.artistTags(hit.id)).slice(0, MAX_GENRES);
  await deps.db.transaction(async (tx) => {
    for (const t of tags) {
      await tx
        .insert(artistGenres)
        .values({ artistId: artist.id, genre: t.name.toLowerCase(), source: "musicbrainz", weight: t.count })
        .onConflictDoUpdate({
          target: [artistGenres.artistId, artistGenres.genre, artistGenres.source],
          set: { weight: t.count },
        });
    }
    await tx.update(artists).set({ mbid: hit.id }).where(eq(artists.id, artist.id));
  });
  return `tags:${tags.length}`;
}

async function spotifyGenres(deps: EnrichDeps, track: EnrichTrack): Promise<string> {
  const artist = track.artist;
  if (!artist || !deps.spotifyGenres) return "";
  const genres = (await deps.spotifyGenres(deps.db, track)).slice(0, MAX_GENRES);
  if (genres.length) {
    await deps.db
      .insert(artistGenres)
      .values(
        genres.map((g) => ({ artistId: artist.id, genre: g.toLowerCase(), source: "spotify" as const })),
      )
      .onConflictDoNothing();
  }
  return `spotify:${genres.length}`;
}
