import type { Db } from "@/db/client";
import { tokenSource } from "@/lib/connections/tokens";
import { isProviderError } from "@/lib/providers/errors";
import { getArtistCached } from "@/lib/providers/spotify/artists";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import { externalIdOf, listenerConnection } from "./enrich-access";
import type { EnrichTrack } from "./enrich-track";

// Development-mode apps get no `genres` at all (spotify-api.md §1): after this many artists in a row without
// any, stop spending the shared quota on them for a day.
const EMPTY_STREAK_LIMIT = 20;
const REST_MS = 24 * 3600_000;
let emptyStreak = 0;
let restUntil = 0;

/** Spotify genres of the track's first artist, through a listener's token; [] when there are none to get. */
export async function spotifyArtistGenres(db: Db, track: EnrichTrack): Promise<string[]> {
  if (!track.artist || restUntil > Date.now()) return [];
  const id = await externalIdOf(db, "spotify", "artist", track.artist.id);
  if (!id) return [];
  const conn = await listenerConnection(db, track.id, "spotify");
  if (!conn) return [];
  let genres: string[];
  try {
    genres = (await getArtistCached(new SpotifyClient(tokenSource(db, conn)), id))?.genres ?? [];
  } catch (err) {
    // Genres are the least of the sources: a 429 (which already pauses every Spotify caller), a token
    // problem or an outage skips them rather than failing the track's enrichment.
    if (isProviderError(err)) return [];
    throw err;
  }
  emptyStreak = genres.length ? 0 : emptyStreak + 1;
  if (emptyStreak >= EMPTY_STREAK_LIMIT) {
    emptyStreak = 0;
    restUntil = Date.now() + REST_MS;
  }
  return genres;
}
