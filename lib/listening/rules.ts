import { createHash } from "node:crypto";
import type { ListenProvider } from "./types";

/** The emit rule's thresholds (listening-rules.md §1); per-user settings override them. */
export type ListenRules = {
  /** A track must be strictly longer than this to count. */
  minTrackMs: number;
  /** Percent of the duration that must be heard … */
  minPercent: number;
  /** … or this much, whichever comes first. */
  maxMs: number;
};

export const DEFAULT_RULES: ListenRules = { minTrackMs: 30_000, minPercent: 50, maxMs: 240_000 };

/** Merges a user's stored `listenRules` (any field may be missing or junk) over the defaults. */
export function rulesFrom(stored: Partial<ListenRules> | null | undefined): ListenRules {
  const pick = (v: unknown, d: number, min: number, max: number) =>
    typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? v : d;
  return {
    minTrackMs: pick(stored?.minTrackMs, DEFAULT_RULES.minTrackMs, 0, 600_000),
    minPercent: pick(stored?.minPercent, DEFAULT_RULES.minPercent, 1, 100),
    maxMs: pick(stored?.maxMs, DEFAULT_RULES.maxMs, 1_000, 3_600_000),
  };
}

export function meetsRule(listenedMs: number, durationMs: number | null, rules: ListenRules): boolean {
  if (durationMs == null || durationMs <= 0) return listenedMs >= rules.maxMs;
  if (durationMs <= rules.minTrackMs) return false;
  return listenedMs >= Math.min((durationMs * rules.minPercent) / 100, rules.maxMs);
}

/** Timing parameters of listening-rules.md §3.1 (ms). */
export const TIMING = {
  DRIFT: 3_000,
  HANDOFF_TOL: 10_000,
  // The spec's 3 s, widened to 10 s for everyone: crossfade and Automix are common and invisible in the
  // API, and crediting at most 10 s to a track heard to within 10 s of its end cannot flip the rule.
  END_SNAP: 10_000,
  // A paused position this close to the end is the end (Ynison reports progress = duration exactly).
  AT_END: 1_000,
  LONG_PAUSE: 6 * 3600_000,
  PAUSE_EXPIRY: 24 * 3600_000,
  // Below this a "playing" position that did not move is frozen (E6); Spotify reports whole ms.
  FROZEN_EPS: 500,
  // A poll this much later than planned means we were not watching: reconcile with history (§5).
  GAP_TOLERANCE: 30_000,
  YANDEX_END_WAIT: 20_000,
  YANDEX_GONE_MIN: 90_000,
  YANDEX_GONE_EXTRA: 120_000,
  YANDEX_GONE_CAP: 600_000,
} as const;

export const nearStart = (durationMs: number | null) => Math.max(12_000, 0.15 * (durationMs ?? 0));

export function nearEnd(positionMs: number, durationMs: number | null): boolean {
  if (!durationMs) return false;
  return durationMs - positionMs <= Math.max(12_000, 0.15 * durationMs);
}

/** Live idempotency key (§6): (user, source, session, pass); the user is the other half of the unique index. */
export const liveDedupKey = (provider: ListenProvider, sessionId: string, passNo: number) =>
  `live:${provider}:${sessionId}:${passNo}`;

/** Spotify history key (§6): the Spotify track id (or metadata key) and played_at in ms. */
export const historyDedupKey = (trackRef: string, playedAtMs: number) =>
  `history:spotify:${trackRef}:${playedAtMs}`;

/**
 * Derived from what opened the session rather than random, so two workers applying the same snapshot
 * to the same stored state compute the same session id and hence the same listen keys.
 */
export function sessionIdFor(provider: ListenProvider, deviceKey: string, openedAt: number): string {
  return createHash("sha1").update(`${provider}|${deviceKey}|${openedAt}`).digest("base64url").slice(0, 16);
}
