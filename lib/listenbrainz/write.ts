import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiPlayingNow, listens } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import type { ImportRow } from "@/lib/imports/types";
import { linkAcrossSources } from "@/lib/listening/cross-source";

/** Family stored in listens.extra.fmt (and the listens' source): not "listenbrainz", so an export file of the same listens still merges with these (lib/imports/merge.ts). */
export const API_FMT = "listenbrainz-api";

/** How long a `playing_now` shows without a newer one (ListenBrainz keeps it for the track's length; we do not always know it). */
export const PLAYING_NOW_MS = 10 * 60_000;

const clientOf = (row: ImportRow, raw: Record<string, unknown> | undefined) => {
  const info = raw?.additional_info as Record<string, unknown> | undefined;
  const name = typeof info?.submission_client === "string" ? info.submission_client.slice(0, 100) : null;
  return name ?? row.extra.musicService ?? null;
};

/**
 * Submitted listens → listens, the way the history writers do it: tracks upserted as this user's claims,
 * one insert that does nothing on the user's dedup key (a client re-submitting the same listen adds
 * nothing), then the cross-source rule (lib/listening/cross-source.ts) in the same transaction, so a play
 * our Spotify/Yandex watcher also saw stays one listen. Returns how many were new.
 */
export async function writeSubmitted(
  db: Db,
  userId: number,
  rows: ImportRow[],
  raw: Record<string, unknown>[],
): Promise<number> {
  const seen = new Set<string>();
  const unique: { r: ImportRow; meta: Record<string, unknown> | undefined }[] = [];
  for (const [i, r] of rows.entries()) {
    if (seen.has(r.key)) continue;
    seen.add(r.key);
    unique.push({ r, meta: raw[i] });
  }
  return db.transaction(async (tx) => {
    // The imports' per-user writer lock: a file import and a player's submissions never miss each other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:listens'), ${userId})`);
    const trackIds = await upsertTracks(
      tx,
      unique.map((u) => u.r.track),
      { claimedBy: userId },
    );
    const inserted = await tx
      .insert(listens)
      .values(
        unique.map(({ r, meta }, i) => ({
          userId,
          trackId: trackIds[i] as number,
          source: API_FMT as typeof API_FMT,
          origin: "import" as const,
          startedAt: new Date(r.startedAt),
          endedAt: r.endedAt == null ? null : new Date(r.endedAt),
          msPlayed: null,
          skipped: false,
          dedupKey: r.key,
          extra: { ...r.extra, fmt: API_FMT, client: clientOf(r, meta) },
        })),
      )
      .onConflictDoNothing({ target: [listens.userId, listens.dedupKey] })
      .returning({ id: listens.id });
    await linkAcrossSources(
      tx,
      userId,
      inserted.map((l) => l.id),
    );
    return inserted.length;
  });
}

export async function setPlayingNow(db: Db, userId: number, listen: Record<string, unknown>, now: number) {
  const expiresAt = new Date(now + PLAYING_NOW_MS);
  await db
    .insert(apiPlayingNow)
    .values({ userId, listen, expiresAt })
    .onConflictDoUpdate({ target: apiPlayingNow.userId, set: { listen, expiresAt } });
}
