import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { BadRequest, NotFound } from "@/lib/errors";
import type { StatsParams } from "./params";
import { rows } from "./sources";

export const historyQuery = z.object({
  cursor: z.string().max(200).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  skipped: z.enum(["0", "1"]).optional(),
});

export type HistoryItem = {
  id: number;
  track_id: number;
  title: string;
  artist: string;
  album: string | null;
  cover: string;
  played_at: string;
  ms_played: number | null;
  source: string;
  origin: string;
  skipped: boolean;
  /** Hidden from the stats by an exclusion (Settings → Hidden from stats); still history. */
  hidden: boolean;
};

// Keyset cursor over (started_at desc, id desc): stable while new listens arrive at the top.
function encodeCursor(startedAt: Date, id: number): string {
  return Buffer.from(`${startedAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: string; id: number } {
  const [at = "", id = ""] = Buffer.from(cursor, "base64url").toString().split("|");
  if (Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id)) throw new BadRequest("Invalid cursor", "cursor");
  return { at, id: Number(id) };
}

export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function getHistory(
  db: Db,
  p: StatsParams,
  q: { cursor?: string; q?: string; limit: number; skipped?: "0" | "1" },
): Promise<{ items: HistoryItem[]; next_cursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  // History is every listen but merged duplicates: listens hidden from the stats by an exclusion too (marked
  // `hidden`), and skips when asked for.
  const base = sql`l.user_id = ${p.userId} and l.duplicate_of is null
    ${q.skipped === "1" ? sql`` : sql`and not l.skipped`}
    ${p.source ? sql`and l.source = ${p.source}` : sql``}
    ${p.range.from ? sql`and l.started_at >= ${p.range.from.toISOString()}::timestamptz` : sql``}
    ${p.range.to ? sql`and l.started_at < ${p.range.to.toISOString()}::timestamptz` : sql``}`;
  const found = await rows<{
    id: number;
    track_id: number;
    title: string;
    artist_line: string;
    album: string | null;
    cover: string | null;
    started_at: Date;
    ms_played: number | null;
    source: string;
    origin: string;
    skipped: boolean;
    hidden: boolean;
  }>(
    db,
    sql`select l.id, l.track_id, t.title, t.artist_line, al.title as album, coalesce(t.cover_url, al.cover_url) as cover,
        l.started_at, l.ms_played, l.source, l.origin, l.skipped, l.hidden
      from listens l join tracks t on t.id = l.track_id left join albums al on al.id = t.album_id
      where ${base}
        ${after ? sql`and (l.started_at, l.id) < (${after.at}::timestamptz, ${after.id})` : sql``}
        ${q.q ? sql`and (t.title ilike ${likePattern(q.q)} or t.artist_line ilike ${likePattern(q.q)} or al.title ilike ${likePattern(q.q)})` : sql``}
      order by l.started_at desc, l.id desc limit ${q.limit + 1}`,
  );
  const page = found.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      track_id: r.track_id,
      title: r.title,
      artist: r.artist_line,
      album: r.album,
      cover: r.cover ?? "",
      played_at: new Date(r.started_at).toISOString(),
      ms_played: r.ms_played,
      source: r.source,
      origin: r.origin,
      skipped: r.skipped,
      hidden: r.hidden,
    })),
    next_cursor:
      found.length > q.limit && last ? encodeCursor(new Date(last.started_at), Number(last.id)) : null,
  };
}

/**
 * Deletes one of the user's listens and the doubles merged into it (they are the same event); the rollup
 * triggers keep every statistic exact.
 */
export async function deleteListen(
  db: Db,
  userId: number,
  listenId: number,
): Promise<{ status: "ok"; id: number }> {
  const deleted = await rows<{ id: number }>(
    db,
    sql`delete from listens where user_id = ${userId} and (id = ${listenId} or duplicate_of = ${listenId}) returning id`,
  );
  if (deleted.length === 0) throw new NotFound("Listen not found");
  return { status: "ok", id: listenId };
}
