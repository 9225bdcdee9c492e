/** Connects a test user's Spotify through the real PKCE flow against the fake, without the web server. */
import type { Db } from "@/db/client";
import { finishSpotifyConnect, startSpotifyConnect } from "@/lib/connections/spotify-connect";
import { getConnection } from "@/lib/connections/store";

export async function connectSpotifyDirect(db: Db, userId: number, spotifyUser: string) {
  const authorize = new URL(await startSpotifyConnect(db, userId));
  authorize.searchParams.set("fake_user", spotifyUser);
  const res = await fetch(authorize, { redirect: "manual" });
  const back = new URL(res.headers.get("location") ?? "");
  const outcome = await finishSpotifyConnect(db, userId, {
    code: back.searchParams.get("code"),
    state: back.searchParams.get("state"),
  });
  if (!outcome.ok) throw new Error(`connect failed: ${outcome.code}`);
  const conn = await getConnection(db, userId, "spotify");
  if (!conn) throw new Error("no connection");
  return conn;
}
