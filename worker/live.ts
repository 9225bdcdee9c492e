import type { Db } from "@/db/client";
import type { Connection } from "@/lib/connections/store";
import { tokenSource } from "@/lib/connections/tokens";
import { fromSpotifyPlayer } from "@/lib/listening/snapshot";
import type { Observation } from "@/lib/listening/types";
import { applyRecentlyPlayed, parseRecentlyPlayed, type RecentItem } from "@/lib/listening/write-history";
import { ProviderError } from "@/lib/providers/errors";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import type { YnisonManager } from "./ynison-manager";

/** One poll's observation: Spotify asks /me/player, Yandex reads the worker's Ynison socket. */
export async function observe(db: Db, conn: Connection, ynison: YnisonManager): Promise<Observation> {
  if (conn.provider === "yandex") return ynison.observe(conn);
  const client = new SpotifyClient(tokenSource(db, conn));
  const full = (conn.scopes ?? "").split(" ").includes("user-read-playback-state");
  // The listening rules read Spotify's own JSON (and validate it): one parse per poll.
  const body = await client.playerBody(full);
  try {
    return { snapshot: fromSpotifyPlayer(body, Date.now()) };
  } catch {
    // A failed poll like any malformed answer, with a message fit for Settings (not zod's issue list).
    throw new ProviderError("spotify", "transient", "unexpected response from /me/player");
  }
}

/** Spotify recently-played after the stored cursor, reconciled with live listens (listening-rules.md §5). */
export async function reconcileSpotify(db: Db, conn: Connection) {
  const client = new SpotifyClient(tokenSource(db, conn));
  const body = await client.recentlyPlayedBody(conn.recentCursor ? { after: conn.recentCursor } : {});
  let items: RecentItem[];
  try {
    items = parseRecentlyPlayed(body);
  } catch {
    throw new ProviderError("spotify", "transient", "unexpected response from /me/player/recently-played");
  }
  const res = await applyRecentlyPlayed(db, { userId: conn.userId, items, now: Date.now() });
  return { inserted: res.inserted, merged: res.matched + res.duplicates };
}
