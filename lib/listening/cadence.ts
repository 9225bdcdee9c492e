import type { ListenProvider, ProviderMeta, Session } from "./types";

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
  if (passes.some((p) => p.pendingStopAt == null)) return PAUSED_INTERVAL;
  const goneAt = passes.length ? Math.max(...passes.map((p) => p.pendingStopAt ?? now)) : meta.lastActivityAt;
  const idleFor = goneAt == null ? Number.POSITIVE_INFINITY : now - goneAt;
  if (idleFor < 2 * 60 * SEC) return 15 * SEC;
  if (idleFor < 5 * 60 * SEC) return 30 * SEC;
  if (idleFor < 15 * 60 * SEC) return 60 * SEC;
  if (idleFor < 30 * 60 * SEC) return 120 * SEC;
  return 300 * SEC;
}
