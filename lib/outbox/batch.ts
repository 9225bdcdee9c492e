/**
 * Building and settling the one in-flight batch of a target. The batch row, with its exact payload, is
 * written before the request goes out, so whatever happens next (a crash, a lost answer) the same listens
 * are sent again with the same timestamps and names, and never a second, different batch for them.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type OutboxKind, outboxBatches, outboxItems, outboxTargets } from "@/db/schema";
import type { Scrobble } from "./lastfm";
import { LASTFM_MAX_BATCH } from "./lastfm";
import { LB_MAX_IMPORT, type LbListen } from "./listenbrainz";

export type Batch = typeof outboxBatches.$inferSelect;

type Row = {
  listen_id: number;
  ok: boolean;
  ts: number | null;
  title: string | null;
  duration_ms: number | null;
  album: string | null;
  artists: string[] | null;
};

export const maxBatch = (kind: OutboxKind) => (kind === "lastfm" ? LASTFM_MAX_BATCH : LB_MAX_IMPORT);

function toPayload(kind: OutboxKind, r: Row): LbListen | Scrobble {
  const artists = r.artists ?? [];
  const ts = Number(r.ts);
  if (kind === "lastfm") {
    // Last.fm's catalogue is keyed by the main artist; the others stay in the title as the services show it.
    return {
      artist: artists[0] ?? "",
      track: r.title ?? "",
      ...(r.album ? { album: r.album } : {}),
      timestamp: ts,
      ...(r.duration_ms ? { durationS: Math.round(r.duration_ms / 1000) } : {}),
    };
  }
  return {
    listened_at: ts,
    track_metadata: {
      artist_name: artists.join(", "),
      track_name: r.title ?? "",
      ...(r.album ? { release_name: r.album } : {}),
      additional_info: {
        submission_client: "MusicTrace",
        ...(artists.length > 1 ? { artist_names: artists } : {}),
        ...(r.duration_ms ? { duration_ms: r.duration_ms } : {}),
      },
    },
  };
}

/** The target's batch in flight (left by a crash or a failed attempt), or a new one; null when nothing waits. */
export async function takeBatch(
  db: Db,
  target: { id: number; userId: number; kind: OutboxKind },
  limit: number,
): Promise<Batch | null> {
  const [open] = await db.select().from(outboxBatches).where(eq(outboxBatches.targetId, target.id));
  if (open) return open;
  return db.transaction(async (tx) => {
    // Live listens first: a back-fill of years must not hold back what was played a minute ago.
    for (const backfill of [false, true]) {
      for (;;) {
        const rows = (await tx.execute(pendingPage(target, backfill, limit))) as unknown as Row[];
        if (!rows.length) break;
        // Deleted or merged listens are settled without sending; a page of only those: read the next.
        const gone = rows.filter((r) => !r.ok).map((r) => Number(r.listen_id));
        if (gone.length) await markDone(tx, target.id, gone);
        const good = rows.filter((r) => r.ok);
        if (!good.length) continue;
        const [batch] = await tx
          .insert(outboxBatches)
          .values({ targetId: target.id, backfill, payload: good.map((r) => toPayload(target.kind, r)) })
          .returning();
        if (!batch) throw new Error("batch insert returned nothing");
        await tx
          .update(outboxItems)
          .set({ batchId: batch.id })
          .where(
            and(
              eq(outboxItems.targetId, target.id),
              inArray(
                outboxItems.listenId,
                good.map((r) => Number(r.listen_id)),
              ),
            ),
          );
        return batch;
      }
    }
    return null;
  });
}

function pendingPage(target: { id: number; userId: number }, backfill: boolean, limit: number) {
  return sql`
    select i.listen_id,
      (l.id is not null and not l.skipped and l.duplicate_of is null and not exists (
        -- its cross-source twin already went out (it was the canonical one when it was sent)
        select 1 from listens d join outbox_items s on s.listen_id = d.id and s.target_id = i.target_id
        where d.duplicate_of = l.id and d.user_id = l.user_id and s.sent_at is not null)) as ok,
      extract(epoch from l.started_at)::bigint as ts, t.title, t.duration_ms, al.title as album,
      (select array_agg(a.name order by ta.position, a.id) from track_artists ta
        join artists a on a.id = ta.artist_id where ta.track_id = t.id) as artists
    from (select target_id, listen_id from outbox_items
          where target_id = ${target.id} and sent_at is null and batch_id is null and backfill = ${backfill}
          order by listen_id limit ${limit}) i
    left join listens l on l.id = i.listen_id and l.user_id = ${target.userId}
    left join tracks t on t.id = l.track_id
    left join albums al on al.id = t.album_id
    order by i.listen_id`;
}

async function markDone(db: Db, targetId: number, listenIds: number[]) {
  await db
    .update(outboxItems)
    .set({ sentAt: new Date() })
    .where(and(eq(outboxItems.targetId, targetId), inArray(outboxItems.listenId, listenIds)));
}

/**
 * The target took the batch: its items are sent, the batch goes. `keep` are payload indexes to queue again
 * (Last.fm's daily limit); `dropped` counts listens the target refused for good.
 */
export async function settleBatch(
  db: Db,
  batch: Batch,
  opts: { keep?: number[]; note?: string | null } = {},
): Promise<number> {
  return db.transaction(async (tx) => {
    const items = await tx
      .select({ listenId: outboxItems.listenId })
      .from(outboxItems)
      .where(and(eq(outboxItems.targetId, batch.targetId), eq(outboxItems.batchId, batch.id)))
      .orderBy(outboxItems.listenId);
    const keepTs = new Set((opts.keep ?? []).map((i) => stamp(batch.payload[i])));
    // Items map to payload entries by timestamp (a batch never holds two listens of one user at one instant
    // that both count: the dedupe rules merge those), so re-queued ones are found without a stored index.
    const keptIds = keepTs.size ? await idsAt(tx, batch, keepTs) : new Set<number>();
    const sentIds = items.map((i) => i.listenId).filter((id) => !keptIds.has(id));
    if (keptIds.size)
      await tx
        .update(outboxItems)
        .set({ batchId: null })
        .where(and(eq(outboxItems.targetId, batch.targetId), inArray(outboxItems.listenId, [...keptIds])));
    if (sentIds.length)
      await tx
        .update(outboxItems)
        .set({ sentAt: new Date() })
        .where(and(eq(outboxItems.targetId, batch.targetId), inArray(outboxItems.listenId, sentIds)));
    await tx.delete(outboxBatches).where(eq(outboxBatches.id, batch.id));
    await tx
      .update(outboxTargets)
      .set({
        lastSentAt: new Date(),
        sentCount: sql`${outboxTargets.sentCount} + ${sentIds.length}`,
        failures: 0,
        retryAt: null,
        lastError: opts.note ?? null,
      })
      .where(eq(outboxTargets.id, batch.targetId));
    return sentIds.length;
  });
}

/** A batch the target refuses as a whole: its items go back to the queue (to be sent in smaller batches). */
export async function dissolveBatch(db: Db, batch: Batch): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(outboxItems)
      .set({ batchId: null })
      .where(and(eq(outboxItems.targetId, batch.targetId), eq(outboxItems.batchId, batch.id)));
    await tx.delete(outboxBatches).where(eq(outboxBatches.id, batch.id));
  });
}

/** Payload entries of the batch the target already holds are left out of the re-send. */
export async function narrowBatch(db: Db, batch: Batch, payload: unknown[]): Promise<Batch> {
  await db.update(outboxBatches).set({ payload }).where(eq(outboxBatches.id, batch.id));
  return { ...batch, payload };
}

export async function noteAttempt(db: Db, batch: Batch): Promise<Batch> {
  await db
    .update(outboxBatches)
    .set({ attempts: sql`${outboxBatches.attempts} + 1` })
    .where(eq(outboxBatches.id, batch.id));
  return { ...batch, attempts: batch.attempts + 1 };
}

function stamp(p: unknown): number {
  const o = p as { timestamp?: number; listened_at?: number } | undefined;
  return Number(o?.timestamp ?? o?.listened_at);
}

async function idsAt(db: Db, batch: Batch, ts: Set<number>): Promise<Set<number>> {
  const rows = (await db.execute(sql`
    select i.listen_id from outbox_items i join listens l on l.id = i.listen_id
    where i.target_id = ${batch.targetId} and i.batch_id = ${batch.id}
      and extract(epoch from l.started_at)::bigint in (${sql.join(
        [...ts].map((t) => sql`${t}`),
        sql`, `,
      )})`)) as unknown as { listen_id: number }[];
  return new Set(rows.map((r) => Number(r.listen_id)));
}
