/**
 * Artists fetched one at a time (no batch endpoint in development mode) and cached for days, misses included,
 * so the same artist is never asked twice in a process (spotify-api.md §4.5).
 */
import { isProviderError } from "../errors";
import type { SpotifyClient } from "./client";

type Artist = Awaited<ReturnType<SpotifyClient["artist"]>>;
const TTL_MS = 3 * 24 * 3600_000;
const MAX = 5000;
const cache = new Map<string, { at: number; value: Artist | null }>();

export async function getArtistCached(client: SpotifyClient, id: string): Promise<Artist | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  let value: Artist | null;
  try {
    value = await client.artist(id);
  } catch (err) {
    if (!isProviderError(err, "not_found") && !isProviderError(err, "invalid")) throw err;
    value = null;
  }
  if (cache.size >= MAX) cache.delete(cache.keys().next().value ?? "");
  cache.set(id, { at: Date.now(), value });
  return value;
}
