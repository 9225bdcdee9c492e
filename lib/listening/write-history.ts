import { and, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { connections, listens } from "@/db/schema";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";
import { linkAcrossSources } from "./cross-source";
import { type KnownListen, RECENTLY_PLAYED_LIMIT, reconcile } from "./reconcile";
import { historyDedupKey, type ListenRules } from "./rules";
import { spotifyTrackInput, spotifyTrackKey, spotifyTrackSchema } from "./snapshot";
import { lockUserProvider, userRules } from "./write";

/** One Spotify recently-played item, ready for reconciliation. */
export type RecentItem = {
  /** `played_at` in unix ms (an END time). */
  playedAt: number;
  /** Spotify track id, or the metadata key of a local file: half of the history dedup key. */
  trackRef: string;
  durationMs: number | null;
  track: TrackInput;
};

const recentlyPlayedBody = z.object({
  items: z.array(z.object({ played_at: z.string(), track: spotifyTrackSchema })),
  cursors: z.object({ after: z.string().nullish() }).nullish(),
});

const ZONED = /(?:Z|[+-]\d\d:?\d\d)$/i;

/** `GET /me/player/recently-played` body → items (lenient; unparseable items and episodes are dropped). */
export function parseRecentlyPlayed(body: unknown): RecentItem[] {
  const b = recentlyPlayedBody.parse(body);
  const out: RecentItem[] = [];
  for (const item of b.items) {
    // A stamp without a zone would be read in the process's TZ (§4: never parse naive date strings).
    const playedAt = ZONED.test(item.played_at) ? Date.parse(item.played_at) : Number.NaN;
    const ref = spotifyTrackKey(item.track);
    if (!Number.isFinite(playedAt) || !ref || item.track.type === "episode") continue;
    out.push({
      playedAt,
      trackRef: ref,
      durationMs: item.track.duration_ms ?? null,
      track: spotifyTrackInput(item.track),
    });
  }
  return out;
}

export type ApplyRecentlyPlayedInput = {
  userId: number;
  items: RecentItem[];
  /** The `after` cursor the items were fetched with; defaults to the stored one. */
  cursor?: number | null;
  now: number;
  rules?: ListenRules;
};

export type ApplyRecentlyPlayedResult = {
  matched: number;
  inserted: number;
  duplicates: number;
  /** The cursor to use next time (also stored on the connection). */
  cursor: number | null;
  gap: boolean;
};

// Live passes that a history item may match lie within this margin of the items' span.
const WINDOW_MS = 3 * 3600_000;

/**
 * Reconciles Spotify recently-played with the user's listens (listening-rules.md §5), under the same
 * lock as live observations: matched live listens get spotify_played_at, unseen plays become history
 * listens (or `duplicate_of` links), and the connection's cursor and gap are updated. Re-running with the
 * same items is a no-op.
 */
export async function applyRecentlyPlayed(
  db: Db,
  input: ApplyRecentlyPlayedInput,
): Promise<ApplyRecentlyPlayedResult> {
  return db.transaction(async (tx) => {
    const { userId } = input;
    await lockUserProvider(tx, userId, "spotify");
    const [conn] = await tx
      .select({ cursor: connections.recentCursor })
      .from(connections)
      .where(and(eq(connections.userId, userId), eq(connections.provider, "spotify")));
    const cursor = input.cursor !== undefined ? input.cursor : (conn?.cursor ?? null);
    if (!input.items.length) return { matched: 0, inserted: 0, duplicates: 0, cursor, gap: false };

    const rules = input.rules ?? (await userRules(tx, userId));
    const trackIds = await upsertTracks(
      tx,
      input.items.map((i) => i.track),
    );
    const from = Math.min(...input.items.map((i) => i.playedAt - (i.durationMs ?? 0))) - WINDOW_MS;
    const to = Math.max(...input.items.map((i) => i.playedAt)) + WINDOW_MS;
    const rows = await tx
      .select({
        id: listens.id,
        trackId: listens.trackId,
        origin: listens.origin,
        startedAt: listens.startedAt,
        endedAt: listens.endedAt,
        skipped: listens.skipped,
        spotifyPlayedAt: listens.spotifyPlayedAt,
        duplicateOf: listens.duplicateOf,
        unseenHeadMs: sql<number | null>`(${listens.extra}->>'unseenHeadMs')::int`,
      })
      .from(listens)
      .where(
        and(
          eq(listens.userId, userId),
          eq(listens.source, "spotify"),
          gte(listens.startedAt, new Date(from)),
          lte(listens.startedAt, new Date(to)),
        ),
      );
    const known: KnownListen[] = rows.map((r) => ({
      ...r,
      startedAt: r.startedAt.getTime(),
      endedAt: r.endedAt?.getTime() ?? null,
      spotifyPlayedAt: r.spotifyPlayedAt?.getTime() ?? null,
    }));
    const items = input.items.map((i, n) => ({
      trackId: trackIds[n] as number,
      playedAt: i.playedAt,
      durationMs: i.durationMs,
    }));
    const result = reconcile({ items, listens: known, cursor, limit: RECENTLY_PLAYED_LIMIT, rules });

    for (const m of result.matched) {
      const playedAt = input.items[m.index]?.playedAt;
      if (playedAt == null) continue;
      await tx
        .update(listens)
        .set({ spotifyPlayedAt: new Date(playedAt) })
        .where(and(eq(listens.id, m.listenId), eq(listens.userId, userId)));
    }
    let inserted = 0;
    let duplicates = 0;
    if (result.inserts.length) {
      const values = result.inserts.map((ins) => {
        const item = input.items[ins.index] as RecentItem;
        return {
          userId,
          trackId: trackIds[ins.index] as number,
          source: "spotify" as const,
          origin: "history" as const,
          startedAt: new Date(ins.startedAt),
          endedAt: new Date(ins.endedAt),
          msPlayed: null,
          dedupKey: historyDedupKey(item.trackRef, item.playedAt),
          spotifyPlayedAt: new Date(item.playedAt),
          duplicateOf: ins.duplicateOf,
          extra: { confidence: "medium", durationMs: item.durationMs },
        };
      });
      const done = await tx
        .insert(listens)
        .values(values)
        .onConflictDoNothing({ target: [listens.userId, listens.dedupKey] })
        .returning({ id: listens.id, duplicateOf: listens.duplicateOf });
      // A play live polling missed may have reached us another way (Yandex, a player scrobbling to /1/):
      // the same song at the same time is one listen (§7.1), whichever arrived first.
      const linked = await linkAcrossSources(
        tx,
        userId,
        done.filter((d) => d.duplicateOf == null).map((d) => d.id),
      );
      duplicates = done.filter((d) => d.duplicateOf != null).length + linked;
      inserted = done.length - duplicates;
    }
    await tx
      .update(connections)
      .set({
        // Never backwards: a late job run with an older cursor must not make the next fetch re-read.
        recentCursor:
          result.cursor == null
            ? connections.recentCursor
            : sql`greatest(coalesce(${connections.recentCursor}, 0), ${result.cursor}::bigint)`,
        ...(result.gap ? { gap: { detectedAt: new Date(input.now).toISOString(), missedAtLeast: 1 } } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(connections.userId, userId), eq(connections.provider, "spotify")));
    return { matched: result.matched.length, inserted, duplicates, cursor: result.cursor, gap: result.gap };
  });
}
