import { and, eq, gt, inArray, lt, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, likes, providerIds } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import { tokenSource } from "@/lib/connections/tokens";
import { decrypt } from "@/lib/crypto";
import type { Payload } from "@/lib/jobs/contract";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import type { ProviderTrack } from "@/lib/providers/types";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { classify, QueueRateLimited } from "../errors";
import { trackInput } from "../track-input";
import { activeConnection, type ConnectionRow } from "./connection";

export type LikesSync = { seen: number; added: number; removed: number };

export type SyncLikesDeps = {
  db: Db;
  /** Mirrors the connection's saved tracks / likes into `likes`; worker/deps.ts wires `syncLikes` below. */
  syncLikes(db: Db, conn: ConnectionRow): Promise<LikesSync>;
};

export async function runSyncLikes(deps: SyncLikesDeps, p: Payload<"sync-likes">) {
  const conn = await activeConnection(deps.db, p.userId, p.source);
  if (!conn) return { kind: "stop" as const };
  try {
    return { kind: "done" as const, ...(await deps.syncLikes(deps.db, conn)) };
  } catch (err) {
    const f = classify(err);
    if (f.kind === "rate_limited") throw new QueueRateLimited(f.retryAfterMs);
    if (f.kind === "needs_reauth" || f.kind === "config_error") return { kind: "stop" as const };
    throw err;
  }
}

// Spotify pages are 50 saved tracks, newest first. Each sync reads the newest pages (new likes and unlikes
// show within one sync period) and continues a walk through the older library from where the last sync
// stopped, starting again at the top once it reaches the end: a library of thousands arrives over a few
// syncs, and an old like that is gone is noticed within one round, at ≤ 24 calls of the shared quota per sync.
export type SpotifyPages = { head: number; walk: number };
const SPOTIFY_PAGES: SpotifyPages = { head: 4, walk: 20 };
const PAGE = 50;
// Yandex lists every like at once but without metadata: details of at most this many new ones per sync.
const YANDEX_NEW_PER_SYNC = 200;

/**
 * `likes` mirrors the provider: a like that is gone there is gone here (a "forgotten like" suggestion for a
 * track the user unliked would be wrong). Only what this sync could see is judged: Spotify likes outside the
 * pages read keep their rows. Every write is keyed by (user, track, provider), so a re-sync changes nothing.
 */
export async function syncLikes(db: Db, conn: ConnectionRow, pages = SPOTIFY_PAGES): Promise<LikesSync> {
  const seen =
    conn.provider === "spotify" ? await spotifySaved(db, conn, pages) : await yandexLikes(db, conn);
  if (!seen) return { seen: 0, added: 0, removed: 0 };
  const mine = and(eq(likes.userId, conn.userId), eq(likes.provider, conn.provider));
  const keep = seen.liked.map((l) => l.trackId);
  const removed = await db
    .delete(likes)
    .where(and(mine, seen.window, keep.length ? notInArray(likes.trackId, keep) : undefined))
    .returning({ id: likes.id });
  const added = seen.liked.length
    ? await db
        .insert(likes)
        .values(
          seen.liked.map((l) => ({
            userId: conn.userId,
            trackId: l.trackId,
            provider: conn.provider,
            likedAt: l.likedAt,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: likes.id })
    : [];
  return { seen: seen.liked.length, added: added.length, removed: removed.length };
}

type Saved = { track: ProviderTrack; likedAt: Date };

/** Up to `pages` pages of saved tracks from `offset`; `end` when the library has nothing after them. */
async function readPages(client: SpotifyClient, offset: number, pages: number) {
  const found: Saved[] = [];
  for (let page = 0; page < pages; page++) {
    const r = await client.savedTracks({ limit: PAGE, offset: offset + page * PAGE });
    found.push(...r.items.map((i) => ({ track: i.track, likedAt: i.addedAt })));
    if (!r.hasNext) return { found, end: true };
  }
  return { found, end: false };
}

/**
 * The newest pages and the next stretch of the walk; `window` is the part of the library those pages prove
 * (all of it when the newest pages are the whole library). Rows liked at the instant a stretch starts or
 * ends may continue on the page beyond it: only instants strictly inside a stretch are judged.
 */
async function spotifySaved(db: Db, conn: ConnectionRow, pages: SpotifyPages) {
  const client = new SpotifyClient(tokenSource(db, conn));
  const head = await readPages(client, 0, pages.head);
  const inside = (found: Saved[], end: boolean): SQL | undefined => {
    const newest = found[0]?.likedAt;
    const oldest = found.at(-1)?.likedAt;
    if (!newest || !oldest) return sql`false`;
    return end ? lt(likes.likedAt, newest) : and(gt(likes.likedAt, oldest), lt(likes.likedAt, newest));
  };
  if (head.end) {
    if (conn.likesWalkOffset !== 0) await setWalkOffset(db, conn, 0);
    return { liked: await toCatalog(db, head.found), window: undefined };
  }
  const oldestHead = head.found.at(-1)?.likedAt as Date;
  const from = Math.max(conn.likesWalkOffset, pages.head * PAGE);
  const walk = pages.walk > 0 ? await readPages(client, from, pages.walk) : { found: [], end: false };
  await setWalkOffset(db, conn, walk.end ? 0 : from + pages.walk * PAGE);
  return {
    liked: await toCatalog(db, [...head.found, ...walk.found]),
    window: or(gt(likes.likedAt, oldestHead), inside(walk.found, walk.end)),
  };
}

async function setWalkOffset(db: Db, conn: ConnectionRow, offset: number) {
  await db.update(connections).set({ likesWalkOffset: offset }).where(eq(connections.id, conn.id));
}

/** Every Yandex like (one call); details only for tracks our catalog does not know yet. */
async function yandexLikes(db: Db, conn: ConnectionRow) {
  const client = new YandexClient(decrypt(conn.accessTokenEnc));
  const uid = conn.externalId ?? (await client.accountStatus())?.uid;
  if (!uid) return null;
  const items = (await client.likedTracks(uid)).items;
  const ids = items.map((i) => i.trackId);
  const known = new Map(
    ids.length
      ? (
          await db
            .select({ ext: providerIds.externalId, id: providerIds.entityId })
            .from(providerIds)
            .where(
              and(
                eq(providerIds.provider, "yandex"),
                eq(providerIds.kind, "track"),
                inArray(providerIds.externalId, ids),
              ),
            )
        ).map((r) => [r.ext, r.id])
      : [],
  );
  const fresh = ids.filter((id) => !known.has(id)).slice(0, YANDEX_NEW_PER_SYNC);
  const details = fresh.length ? await client.tracks(fresh) : [];
  for (const l of await toCatalog(
    db,
    details.map((track) => ({ track, likedAt: new Date() })),
  )) {
    known.set(l.externalId, l.trackId);
  }
  const liked = items.flatMap((i) => {
    const trackId = known.get(i.trackId);
    return trackId ? [{ trackId, likedAt: i.likedAt ?? new Date() }] : [];
  });
  return { liked, window: undefined };
}

/** Music among the found tracks, in our catalog (created when new). */
async function toCatalog(db: Db, found: { track: ProviderTrack; likedAt: Date }[]) {
  const music = found.filter((f) => isMusic(f.track));
  const ids = await upsertTracks(
    db,
    music.map((f) => trackInput(f.track)),
  );
  return music.map((f, i) => ({
    trackId: ids[i] as number,
    externalId: f.track.externalId ?? "",
    likedAt: f.likedAt,
  }));
}

// A liked podcast episode is not music: it never counts as a listen, so it is not a like of a track either.
const isMusic = (t: ProviderTrack) => (t.contentType ?? "music") === "music";
