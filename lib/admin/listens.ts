import { and, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { listenOrigins, listenSources, listens, tracks, users } from "@/db/schema";
import { NotFound } from "@/lib/errors";
import { int4Id } from "@/lib/validation/fields";
import { writeAudit } from "./audit";

const CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(\d+)$/;

export const listenQuery = z.object({
  userId: int4Id.optional(),
  source: z.enum(listenSources).optional(),
  origin: z.enum(listenOrigins).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  // Keyset cursor "<started_at ISO>_<id>": pages stay as fast on page 1000 as on page 1.
  cursor: z.string().regex(CURSOR, "Bad cursor").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AdminListenRow = {
  id: number;
  userId: number;
  username: string;
  trackId: number;
  title: string;
  artistLine: string;
  source: string;
  origin: string;
  startedAt: Date;
  msPlayed: number | null;
  skipped: boolean;
  duplicateOf: number | null;
};

export async function listListens(db: Db, q: z.infer<typeof listenQuery>) {
  const m = q.cursor ? CURSOR.exec(q.cursor) : null;
  // The page is cut from listens alone, walking listens_started_id_idx; names are joined to those rows only.
  const page = db
    .select({
      id: listens.id,
      userId: listens.userId,
      trackId: listens.trackId,
      source: listens.source,
      origin: listens.origin,
      startedAt: listens.startedAt,
      msPlayed: listens.msPlayed,
      skipped: listens.skipped,
      duplicateOf: listens.duplicateOf,
    })
    .from(listens)
    .where(
      and(
        q.userId ? eq(listens.userId, q.userId) : undefined,
        q.source ? eq(listens.source, q.source) : undefined,
        q.origin ? eq(listens.origin, q.origin) : undefined,
        q.from ? gte(listens.startedAt, q.from) : undefined,
        q.to ? lt(listens.startedAt, q.to) : undefined,
        // A row comparison is what lets PostgreSQL start the index scan right at the cursor.
        m?.[1] && m[2]
          ? sql`(${listens.startedAt}, ${listens.id}) < (${new Date(m[1]).toISOString()}::timestamptz, ${Number(m[2])})`
          : undefined,
      ),
    )
    .orderBy(desc(listens.startedAt), desc(listens.id))
    .limit(q.limit + 1)
    .as("page");
  const rows: AdminListenRow[] = await db
    .select({
      id: page.id,
      userId: page.userId,
      username: users.username,
      trackId: page.trackId,
      title: tracks.title,
      artistLine: tracks.artistLine,
      source: page.source,
      origin: page.origin,
      startedAt: page.startedAt,
      msPlayed: page.msPlayed,
      skipped: page.skipped,
      duplicateOf: page.duplicateOf,
    })
    .from(page)
    .innerJoin(users, eq(users.id, page.userId))
    .innerJoin(tracks, eq(tracks.id, page.trackId))
    .orderBy(desc(page.startedAt), desc(page.id));
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > q.limit && last ? `${last.startedAt.toISOString()}_${last.id}` : null;
  return { items, nextCursor };
}

export const deleteListensBody = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(500),
});

/**
 * Deletes the chosen listens and the doubles merged into them (they are the same play), logging what
 * went per user so the change can be traced in the audit log.
 */
export async function adminDeleteListens(db: Db, actorId: number, ids: number[]) {
  return db.transaction(async (tx) => {
    const chosen = await tx
      .select({
        id: listens.id,
        userId: listens.userId,
        trackId: listens.trackId,
        startedAt: listens.startedAt,
        source: listens.source,
      })
      .from(listens)
      .where(inArray(listens.id, ids))
      .for("update");
    if (!chosen.length) throw new NotFound("None of these listens exist");
    const found = chosen.map((l) => l.id);
    const deleted = await tx
      .delete(listens)
      .where(or(inArray(listens.id, found), inArray(listens.duplicateOf, found)))
      .returning({ id: listens.id, userId: listens.userId });
    const byUser: Record<number, number> = {};
    for (const d of deleted) byUser[d.userId] = (byUser[d.userId] ?? 0) + 1;
    await writeAudit(tx, {
      actorId,
      action: "listens.delete",
      target: `listens:${found.length}`,
      before: { listens: chosen },
      after: { deleted: deleted.length, byUser },
    });
    return { deleted: deleted.length, ids: deleted.map((d) => d.id), byUser };
  });
}
