import type { Db } from "@/db/client";
import { likes } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import type { Connection } from "@/lib/connections/store";
import { tokenSource } from "@/lib/connections/tokens";
import { decrypt } from "@/lib/crypto";
import { fromSpotifyPlayer } from "@/lib/listening/snapshot";
import type { Observation } from "@/lib/listening/types";
import { applyRecentlyPlayed, parseRecentlyPlayed } from "@/lib/listening/write-history";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { toPlayerBody, toRecentBody } from "./spotify-adapter";
import { trackInput } from "./track-input";
import type { YnisonManager } from "./ynison-manager";

/** One poll's observation: Spotify asks /me/player, Yandex reads the worker's Ynison socket. */
export async function observe(db: Db, conn: Connection, ynison: YnisonManager): Promise<Observation> {
  if (conn.provider === "yandex") return ynison.observe(conn);
  const client = new SpotifyClient(tokenSource(db, conn));
  const full = (conn.scopes ?? "").split(" ").includes("user-read-playback-state");
  const s = full ? await client.player() : await client.currentlyPlaying();
  return { snapshot: fromSpotifyPlayer(toPlayerBody(s), s.receivedAt) };
}

/** Spotify recently-played after the stored cursor, reconciled with live listens (listening-rules.md §5). */
export async function reconcileSpotify(db: Db, conn: Connection) {
  const client = new SpotifyClient(tokenSource(db, conn));
  const r = await client.recentlyPlayed(conn.recentCursor ? { after: conn.recentCursor } : {});
  const items = parseRecentlyPlayed(toRecentBody(r.items));
  const res = await applyRecentlyPlayed(db, { userId: conn.userId, items, now: Date.now() });
  return { inserted: res.inserted, merged: res.matched + res.duplicates };
}

const LIKES_PAGES = 4; // newest 200 per sync: older likes arrive with the first full sync after connect

/** Saved tracks (Spotify) or likes (Yandex) into `likes`; an existing like is left as it is. */
export async function syncLikes(db: Db, conn: Connection): Promise<number> {
  let found: { input: ReturnType<typeof trackInput>; likedAt: Date }[] = [];
  if (conn.provider === "spotify") {
    const client = new SpotifyClient(tokenSource(db, conn));
    for (let page = 0; page < LIKES_PAGES; page++) {
      const r = await client.savedTracks({ limit: 50, offset: page * 50 });
      found.push(...r.items.map((i) => ({ input: trackInput(i.track), likedAt: i.addedAt })));
      if (!r.hasNext) break;
    }
  } else {
    const token = decrypt(conn.accessTokenEnc);
    const client = new YandexClient(token);
    const uid = conn.externalId ?? (await client.accountStatus())?.uid;
    if (!uid) return 0;
    const liked = (await client.likedTracks(uid)).items.slice(0, LIKES_PAGES * 50);
    const details = new Map((await client.tracks(liked.map((l) => l.trackId))).map((t) => [t.externalId, t]));
    found = liked.flatMap((l) => {
      const t = details.get(l.trackId);
      return t ? [{ input: trackInput(t), likedAt: l.likedAt ?? new Date() }] : [];
    });
  }
  if (!found.length) return 0;
  const ids = await upsertTracks(
    db,
    found.map((f) => f.input),
  );
  await db
    .insert(likes)
    .values(
      found.map((f, i) => ({
        userId: conn.userId,
        trackId: ids[i] as number,
        provider: conn.provider,
        likedAt: f.likedAt,
      })),
    )
    .onConflictDoNothing();
  return found.length;
}
