import { normalizeArtist, normalizeTitle, similarity } from "@/lib/catalog/normalize";

/**
 * Cross-source duplicates (listening-rules.md §7): the same physical listen arriving twice, e.g. Spotify
 * live plus a Last.fm scrobble written by Spotify's own Last.fm link, or one song playing on Spotify and
 * Yandex at once. Pure; the live writer applies it through cross-source.ts (imports apply the same rule
 * set-based in SQL, lib/imports/merge.ts). Normalisation lives in lib/catalog/normalize.ts (one copy).
 */
export type ListenLike = {
  title: string;
  artists: string[];
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  origin: "live" | "history" | "import";
  source: string;
  /** Has provider ids (a Spotify/Yandex track), which makes it the richer record. */
  hasServiceIds?: boolean;
  /** How much of it was heard (live listens): between two live copies, the better-heard one is canonical. */
  msPlayed?: number | null;
};

export const TITLE_MIN_SIMILARITY = 0.9;
export const TIME_TOLERANCE_MS = 10_000;

/** Levenshtein ratio: 1 − distance / longer length. */
export function levenshteinRatio(a: string, b: string): number {
  if (a === b) return 1;
  const n = a.length;
  const m = b.length;
  if (!n || !m) return 0;
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = [i];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return 1 - (prev[m] ?? 0) / Math.max(n, m);
}

/** Similarity of two titles after normalisation: the better of Dice and Levenshtein. */
export function titleSimilarity(a: string, b: string): number {
  const na = normalizeTitle(a);
  const nb = normalizeTitle(b);
  if (na === nb) return 1;
  return Math.max(similarity(na, nb), levenshteinRatio(na, nb));
}

export function sameTrackText(
  a: Pick<ListenLike, "title" | "artists">,
  b: Pick<ListenLike, "title" | "artists">,
) {
  if (titleSimilarity(a.title, b.title) < TITLE_MIN_SIMILARITY) return false;
  const na = a.artists.map(normalizeArtist).filter(Boolean);
  const nb = b.artists.map(normalizeArtist).filter(Boolean);
  if (!na.length || !nb.length) return false;
  return na.some((x) => nb.some((y) => x === y || similarity(x, y) >= TITLE_MIN_SIMILARITY));
}

const endOf = (l: ListenLike) => l.endedAt ?? l.startedAt + (l.durationMs ?? 0);

/**
 * How far apart two listens are in time, or null when they are not the same moment: overlapping
 * intervals, starts within 10 s, or starts one duration ± 10 s apart (a start stamp against an end stamp).
 */
export function timeDistance(a: ListenLike, b: ListenLike): number | null {
  const diff = Math.abs(a.startedAt - b.startedAt);
  if (diff <= TIME_TOLERANCE_MS) return diff;
  // Overlapping by more than half the shorter one, as merge.ts and reconcile.ts have it: two plays that
  // merely touch (one service's track ending as the other's begins) are not one.
  const overlap = Math.min(endOf(a), endOf(b)) - Math.max(a.startedAt, b.startedAt);
  const shorter = Math.min(endOf(a) - a.startedAt, endOf(b) - b.startedAt);
  if (shorter > 0 && overlap > shorter / 2) return diff;
  // A single stamp (an import's) may be the end of the play the other's start began.
  const dur = a.durationMs ?? b.durationMs;
  const oneStamp = a.endedAt == null || b.endedAt == null;
  if (oneStamp && dur && Math.abs(diff - dur) <= TIME_TOLERANCE_MS) return diff;
  return null;
}

export function isSameListen(a: ListenLike, b: ListenLike): boolean {
  if (a.origin === b.origin && a.source === b.source) return false;
  return sameTrackText(a, b) && timeDistance(a, b) != null;
}

const ORIGIN_RANK = { live: 0, history: 1, import: 2 } as const;

/**
 * The record to keep: live > history > import, then the one with service ids, then the one heard longer
 * (the same song playing on two services at once: the better-observed copy), then `a` (the one already
 * stored). Returns -1 for a, 1 for b.
 */
export function canonicalOrder(a: ListenLike, b: ListenLike): -1 | 1 {
  const r = ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin];
  if (r !== 0) return r < 0 ? -1 : 1;
  if (!!a.hasServiceIds !== !!b.hasServiceIds) return a.hasServiceIds ? -1 : 1;
  if ((a.msPlayed ?? 0) !== (b.msPlayed ?? 0)) return (a.msPlayed ?? 0) > (b.msPlayed ?? 0) ? -1 : 1;
  return -1;
}

/**
 * One-to-one pairing of incoming listens with existing ones, closest in time first, so a genuine
 * back-to-back repeat (two listens, one duration apart) pairs with its own twin and is never merged
 * into the other. Returns for each incoming index the matched existing index, or null.
 */
export function matchDuplicates(existing: ListenLike[], incoming: ListenLike[]): (number | null)[] {
  const pairs: { i: number; e: number; d: number }[] = [];
  for (const [i, inc] of incoming.entries()) {
    for (const [e, ex] of existing.entries()) {
      if (!isSameListen(inc, ex)) continue;
      const d = timeDistance(inc, ex);
      if (d != null) pairs.push({ i, e, d });
    }
  }
  pairs.sort((x, y) => x.d - y.d || x.i - y.i || x.e - y.e);
  const result: (number | null)[] = incoming.map(() => null);
  const used = new Set<number>();
  for (const p of pairs) {
    if (result[p.i] != null || used.has(p.e)) continue;
    result[p.i] = p.e;
    used.add(p.e);
  }
  return result;
}
