import { DEFAULT_RULES, type ListenRules } from "./rules";

/**
 * Matching Spotify recently-played items against what the live watcher recorded (listening-rules.md §5).
 * Pure: the DB edge (write-history.ts) loads the user's listens around the items and applies the result.
 * Items are matched by interval overlap, never by equal timestamps: `played_at` is an END time.
 */
export type HistoryEntry = {
  trackId: number;
  /** `played_at` in unix ms: the end of playback. */
  playedAt: number;
  durationMs: number | null;
};

export type KnownListen = {
  id: number;
  trackId: number;
  origin: "live" | "history" | "import";
  startedAt: number;
  endedAt: number | null;
  skipped: boolean;
  spotifyPlayedAt: number | null;
  duplicateOf: number | null;
  /** Live passes: what played before our first look at them (extra.unseenHeadMs). */
  unseenHeadMs?: number | null;
};

export type HistoryInsert = { index: number; startedAt: number; endedAt: number; duplicateOf: number | null };

export type ReconcileResult = {
  /** Counted live listens that an item confirmed: set their spotify_played_at. */
  matched: { index: number; listenId: number }[];
  /** Items that matched a skipped pass: our rule is stricter than Spotify's, nothing is written. */
  matchedSkipped: number[];
  /** Items recorded by an earlier run (re-running reconciliation is a no-op). */
  known: number[];
  /** Items below the rule's minimum track length: never listens. */
  ignored: number[];
  inserts: HistoryInsert[];
  cursor: number | null;
  /** A full page, all newer than the cursor: plays were lost between checks. */
  gap: boolean;
};

export const MATCH_AFTER_END_MS = 60_000;
export const RECENTLY_PLAYED_LIMIT = 50;

const endOf = (l: KnownListen) => l.endedAt ?? l.startedAt;

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

function overlapsMostly(a0: number, a1: number, b0: number, b1: number): boolean {
  const shorter = Math.min(a1 - a0, b1 - b0);
  return shorter > 0 && overlap(a0, a1, b0, b1) > 0.5 * shorter;
}

/**
 * Whether a recently-played item (ending at `playedAt`, `durationMs` long) is the play a live pass saw: its
 * end lies within the pass (or shortly after, as the end is only seen at the next poll), or the two spans
 * mostly overlap. The one rule for both orders of arrival: history after the live listen (reconcile) and
 * the live listen after history (write.ts).
 */
export function samePlay(
  item: { playedAt: number; durationMs: number | null },
  live: { startedAt: number; endedAt: number },
): boolean {
  const E = item.playedAt;
  if (E >= live.startedAt && E <= live.endedAt + MATCH_AFTER_END_MS) return true;
  return overlapsMostly(E - (item.durationMs ?? 0), E, live.startedAt, live.endedAt);
}

export function reconcile(input: {
  items: HistoryEntry[];
  listens: KnownListen[];
  cursor: number | null;
  limit?: number;
  rules?: ListenRules;
}): ReconcileResult {
  const rules = input.rules ?? DEFAULT_RULES;
  const limit = input.limit ?? RECENTLY_PLAYED_LIMIT;
  const result: ReconcileResult = {
    matched: [],
    matchedSkipped: [],
    known: [],
    ignored: [],
    inserts: [],
    cursor: input.cursor,
    gap: false,
  };
  const order = input.items
    .map((_, i) => i)
    .sort((a, b) => (input.items[a]?.playedAt ?? 0) - (input.items[b]?.playedAt ?? 0));
  // Listens already confirmed by an item (this run or an earlier one) are taken.
  const taken = new Set<number>(input.listens.filter((l) => l.spotifyPlayedAt != null).map((l) => l.id));
  const seen = new Set<string>();
  // Counted listens on the timeline, for "moved later if it would overlap the previous listen".
  const timeline: { startedAt: number; endedAt: number; trackId: number; id: number | null }[] = input.listens
    .filter((l) => !l.skipped && l.duplicateOf == null)
    .map((l) => ({ startedAt: l.startedAt, endedAt: endOf(l), trackId: l.trackId, id: l.id }));

  for (const index of order) {
    const h = input.items[index];
    if (!h) continue;
    const itemKey = `${h.trackId}:${h.playedAt}`;
    if (seen.has(itemKey)) continue; // Spotify may repeat an item across pages
    seen.add(itemKey);
    result.cursor = Math.max(result.cursor ?? 0, h.playedAt);
    const E = h.playedAt;
    const D = h.durationMs ?? 0;

    if (input.listens.some((l) => l.trackId === h.trackId && l.spotifyPlayedAt === E)) {
      result.known.push(index);
      continue;
    }
    if (h.durationMs != null && h.durationMs <= rules.minTrackMs) {
      result.ignored.push(index);
      continue;
    }
    let best: KnownListen | null = null;
    for (const l of input.listens) {
      if (l.origin !== "live" || l.trackId !== h.trackId || taken.has(l.id)) continue;
      if (!samePlay(h, { startedAt: l.startedAt, endedAt: endOf(l) })) continue;
      if (!best || Math.abs(E - endOf(l)) < Math.abs(E - endOf(best))) best = l;
    }
    if (best) {
      taken.add(best.id);
      if (!best.skipped) {
        result.matched.push({ index, listenId: best.id });
        continue;
      }
      // Our rule is stricter than Spotify's: a pass we watched from its start stays judged by it. One whose
      // start we never saw (connected, or the first look ever, mid-track) was credited only what we saw;
      // Spotify heard all of it and counted it, so its item is the listen (the skipped pass stays a skip).
      if (!best.unseenHeadMs) {
        result.matchedSkipped.push(index);
        continue;
      }
    }

    let startedAt = E - D;
    const prev = timeline
      .filter((l) => l.startedAt < E && l.endedAt > startedAt)
      .sort((a, b) => b.endedAt - a.endedAt)[0];
    const sameTrack = timeline.find(
      (l) => l.trackId === h.trackId && l.id != null && overlapsMostly(startedAt, E, l.startedAt, l.endedAt),
    );
    if (prev && !sameTrack) startedAt = Math.min(E, Math.max(startedAt, prev.endedAt));
    const duplicateOf = sameTrack?.id ?? null;
    result.inserts.push({ index, startedAt, endedAt: E, duplicateOf });
    if (duplicateOf == null) timeline.push({ startedAt, endedAt: E, trackId: h.trackId, id: null });
  }

  const oldest = Math.min(...input.items.map((i) => i.playedAt));
  result.gap = input.items.length >= limit && input.cursor != null && oldest > input.cursor;
  return result;
}
