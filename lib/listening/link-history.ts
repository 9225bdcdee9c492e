import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listens } from "@/db/schema";
import { MATCH_AFTER_END_MS, samePlay } from "./reconcile";

export type LiveRow = typeof listens.$inferInsert & { trackId: number; startedAt: Date; endedAt: Date };

/**
 * A counted Spotify pass whose play recently-played already brought in (a reconcile ran while the pass was
 * still open: after a gap, a restart, a late poll) is the same listen: it is written as a duplicate of that
 * history row, never counted a second time. Runs under the per-(user, provider) lock that reconciliation
 * also takes, so the two cannot interleave.
 */
export async function linkToHistory(db: Db, userId: number, rows: LiveRow[]): Promise<LiveRow[]> {
  const counted = rows.filter((r) => r.source === "spotify" && !r.skipped);
  if (!counted.length) return rows;
  const from = Math.min(...counted.map((r) => r.startedAt.getTime())) - MATCH_AFTER_END_MS;
  const to = Math.max(...counted.map((r) => r.endedAt.getTime())) + MATCH_AFTER_END_MS;
  const history = await db
    .select({
      id: listens.id,
      trackId: listens.trackId,
      playedAt: listens.spotifyPlayedAt,
      startedAt: listens.startedAt,
    })
    .from(listens)
    .where(
      and(
        eq(listens.userId, userId),
        eq(listens.source, "spotify"),
        eq(listens.origin, "history"),
        isNull(listens.duplicateOf),
        eq(listens.skipped, false),
        inArray(
          listens.trackId,
          counted.map((r) => r.trackId),
        ),
        gte(listens.startedAt, new Date(from - 3600_000)),
        lte(listens.startedAt, new Date(to)),
      ),
    );
  if (!history.length) return rows;
  const taken = new Set<number>();
  return rows.map((r) => {
    if (r.source !== "spotify" || r.skipped) return r;
    const live = { startedAt: r.startedAt.getTime(), endedAt: r.endedAt.getTime() };
    const twin = history.find(
      (h) =>
        h.trackId === r.trackId &&
        h.playedAt != null &&
        !taken.has(h.id) &&
        samePlay(
          { playedAt: h.playedAt.getTime(), durationMs: h.playedAt.getTime() - h.startedAt.getTime() },
          live,
        ),
    );
    if (!twin) return r;
    taken.add(twin.id);
    return { ...r, duplicateOf: twin.id, spotifyPlayedAt: twin.playedAt };
  });
}
