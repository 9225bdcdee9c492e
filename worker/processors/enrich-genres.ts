import { eq } from "drizzle-orm";
import { artistGenres, artists } from "@/db/schema";
import type { EnrichDeps, EnrichTrack } from "./enrich-track";

const MAX_GENRES = 5;
// Marks "looked up, MusicBrainz does not know this artist", so the lookup is not repeated for every track.
export const MBID_UNKNOWN = "-";

/** MusicBrainz genres of the track's first artist, found by ISRC, else by exact name; once per artist. */
export async function enrichGenres(deps: EnrichDeps, track: EnrichTrack): Promise<string> {
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
