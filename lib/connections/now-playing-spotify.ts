import type { Db } from "@/db/client";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import type { ProviderResult } from "./now-playing";
import type { Connection } from "./store";
import { tokenSource } from "./tokens";

/** Spotify: /me/player when granted (device, private session), else currently-playing (spotify-api.md §4.2–4.3). */
export async function spotifyNowPlaying(db: Db, conn: Connection): Promise<ProviderResult> {
  const client = new SpotifyClient(tokenSource(db, conn));
  const full = (conn.scopes ?? "").split(" ").includes("user-read-playback-state");
  const s = full ? await client.player() : await client.currentlyPlaying();
  // Private sessions are ignored; adverts, episodes and unknown content are "nothing playing".
  if (s.privateSession || !s.track || (s.kind !== "track" && s.kind !== "local")) {
    return { status: "empty", is_playing: false, device: s.device ?? null };
  }
  return {
    status: s.isPlaying ? "ok" : "paused",
    is_playing: s.isPlaying,
    progress_ms: s.progressMs,
    device: s.device ?? null,
    track: { ...s.track, progressMs: s.progressMs },
  };
}
