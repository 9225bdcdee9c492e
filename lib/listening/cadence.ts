import type { ListenProvider, Pass, ProviderMeta, Session } from "./types";

/** Poll cadence of listening-rules.md §8, from the state the last step left behind. */
export type CadenceInput = {
  provider: ListenProvider;
  sessions: Session[];
  meta: ProviderMeta;
  now: number;
};

const SEC = 1000;
export const PLAYING_INTERVAL = 10 * SEC;
export const PAUSED_INTERVAL = 30 * SEC;
export const FAILURE_INTERVAL = 30 * SEC;

export function nextPollDelay({ provider, sessions, meta, now }: CadenceInput): number {
  if (meta.failingSince != null) return FAILURE_INTERVAL;
  const passes = sessions.flatMap((s) => (s.pass ? [s.pass] : []));
  const playing = passes.filter((p) => p.status === "playing");
  if (playing.length) {
    // Near the end, look again just before it, then just after it, so a track change is seen promptly.
    let delay = PLAYING_INTERVAL;
    for (const p of playing) {
      if (!p.durationMs) continue;
      const remaining = p.durationMs - (p.lastPositionMs + (now - p.lastObservedAt));
      if (remaining <= 3 * SEC) delay = Math.min(delay, Math.max(SEC, remaining + SEC));
      else if (remaining < PLAYING_INTERVAL + 2 * SEC)
        delay = Math.min(delay, Math.max(SEC, remaining - 2 * SEC));
    }
    return delay;
  }
  // Yandex state arrives by push; the timer only drives extrapolation and grace timeouts.
  if (provider === "yandex") return passes.length ? PLAYING_INTERVAL : PAUSED_INTERVAL;
  // A paused player is polled every 30 s while it is still reported; once it has gone (204s), a kept
  // paused pass costs quota like idleness does and backs off alike.
  const reported = passes.filter((p) => p.pendingStopAt == null);
  if (reported.some((p) => pausedNearEnd(p, now))) return PLAYING_INTERVAL;
  if (reported.length) return PAUSED_INTERVAL;
  const goneAt = passes.length ? Math.max(...passes.map((p) => p.pendingStopAt ?? now)) : meta.lastActivityAt;
  const idleFor = goneAt == null ? Number.POSITIVE_INFINITY : now - goneAt;
  if (idleFor < 2 * 60 * SEC) return 15 * SEC;
  if (idleFor < 5 * 60 * SEC) return 30 * SEC;
  if (idleFor < 15 * 60 * SEC) return 60 * SEC;
  if (idleFor < 30 * 60 * SEC) return 120 * SEC;
  return 300 * SEC;
}

/**
 * Paused with less than a paused look's interval to go (for the first half hour): were it resumed, the rest
 * would play out between two 30 s looks, and a resume is credited only from when we see it (§3.2), so a
 * short track paused early would lose the listen. It is looked at as often as while playing.
 */
function pausedNearEnd(p: Pass, now: number): boolean {
  if (p.status !== "paused" || !p.durationMs || p.pausedSince == null) return false;
  return p.durationMs - p.lastPositionMs < PAUSED_INTERVAL && now - p.pausedSince < 30 * 60 * SEC;
}
