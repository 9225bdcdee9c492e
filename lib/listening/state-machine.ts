import { nextPollDelay } from "./cadence";
import {
  continuePass,
  finalise,
  finaliseWithTail,
  noteAbsent,
  openPass,
  positionContinues,
  type StepCtx,
  toFinalised,
} from "./pass";
import { type ListenRules, meetsRule, sessionIdFor, TIMING } from "./rules";
import type { ListenProvider, Observation, ProviderMeta, Session, Snapshot, StepResult } from "./types";

/**
 * The playback-session state machine of listening-rules.md §3, as one pure function: stored sessions of
 * one (user, provider) + one observation + the time → the new sessions, the finalised passes and flags.
 * No I/O and no clock of its own, so tests drive it with a fake clock and the DB edge (write.ts) applies
 * it inside one transaction.
 */
export type StepInput = {
  provider: ListenProvider;
  sessions: Session[];
  meta: ProviderMeta | null;
  observation: Observation;
  now: number;
  rules: ListenRules;
};

export const emptyMeta = (): ProviderMeta => ({
  v: 1,
  lastObservedAt: null,
  lastActivityAt: null,
  failingSince: null,
  failures: 0,
  nextDueAt: null,
});

/** Sessions and meta are plain JSON (they live in jsonb): a walk copies them faster than structuredClone. */
function clone<T>(v: T): T {
  if (typeof v !== "object" || v === null) return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = clone((v as Record<string, unknown>)[k]);
  return out as T;
}

export function step(input: StepInput): StepResult {
  const meta = clone(input.meta ?? emptyMeta());
  const sessions = new Map(input.sessions.map((s) => [s.deviceKey, clone(s)]));
  const removed = new Set<string>();
  const out: StepResult["passes"] = [];
  const finish = (needsReconcile: boolean, ignored = false): StepResult => {
    const list = [...sessions.values()];
    meta.nextDueAt =
      input.now + nextPollDelay({ provider: input.provider, sessions: list, meta, now: input.now });
    return { sessions: list, removed: [...removed], meta, passes: out, needsReconcile, ignored };
  };

  if ("failure" in input.observation) {
    // E13: our own errors never finalise anything; the gap is bridged when observations resume.
    meta.failingSince ??= input.now;
    meta.failures += 1;
    return finish(false);
  }

  const s = input.observation.snapshot;
  if (meta.lastObservedAt != null && s.observedAt <= meta.lastObservedAt) {
    // A duplicate or out-of-order poll (two workers, a retried job): applying it again must change nothing.
    return {
      sessions: input.sessions,
      removed: [],
      meta: input.meta ?? meta,
      passes: [],
      needsReconcile: false,
      ignored: true,
    };
  }
  const late = meta.nextDueAt != null && s.observedAt - meta.nextDueAt > TIMING.GAP_TOLERANCE;
  // An idle player is looked at every few minutes (cadence.ts): music found after such a stretch may have
  // begun with tracks that played out between two looks, and recently-played has them now, not in 15 minutes.
  const idleSince =
    input.provider === "spotify" && ![...sessions.values()].some((x) => x.pass) ? meta.lastObservedAt : null;
  const afterIdle = idleSince != null && s.observedAt - idleSince > TIMING.GAP_TOLERANCE;
  const ctx: StepCtx = {
    provider: input.provider,
    rules: input.rules,
    now: input.now,
    out,
    prevObservedAt: meta.lastObservedAt,
  };
  const drop = (key: string) => {
    sessions.delete(key);
    removed.add(key);
  };

  // Yandex: the frames pushed since our last look come first, each an exact observation at its receipt,
  // so what changed between two polls (a pause, a seek, a skip) is seen as it happened (§3.5).
  for (const f of input.observation.frames ?? []) {
    if (f.observedAt >= s.observedAt || (meta.lastObservedAt != null && f.observedAt <= meta.lastObservedAt))
      continue;
    const at: StepCtx = { ...ctx, now: f.observedAt, prevObservedAt: meta.lastObservedAt };
    applyPauseTimers(at, sessions, drop);
    applySnapshot(at, f, sessions, drop);
    meta.lastObservedAt = f.observedAt;
    if (f.status !== "none" && isMusic(f)) meta.lastActivityAt = f.observedAt;
  }
  ctx.prevObservedAt = meta.lastObservedAt;
  applyPauseTimers(ctx, sessions, drop);
  applySnapshot(ctx, s, sessions, drop);

  meta.lastObservedAt = s.observedAt;
  const wasFailing = meta.failingSince != null;
  meta.failingSince = null;
  meta.failures = 0;
  if (s.status !== "none" && isMusic(s)) meta.lastActivityAt = s.observedAt;
  const nowPlaying = [...sessions.values()].some((x) => x.pass?.status === "playing");
  return finish(wasFailing || late || (afterIdle && nowPlaying));
}

const IDLE_SESSION_TTL = 3600_000;

const isMusic = (s: Snapshot) => (s.kind === "track" || s.kind === "local") && !!s.trackKey && !!s.deviceKey;

/** E12: long pauses emit a counting pass once (resumable); passes that never qualify expire as skipped. */
function applyPauseTimers(ctx: StepCtx, sessions: Map<string, Session>, drop: (k: string) => void): void {
  for (const session of sessions.values()) {
    const pass = session.pass;
    // An idle session (a Yandex pass closed by extrapolation) is only kept while its frame may be re-read.
    if (!pass && ctx.now - session.lastObservedAt > IDLE_SESSION_TTL) drop(session.deviceKey);
    if (pass?.status !== "paused" || pass.pausedSince == null) continue;
    const pausedFor = ctx.now - pass.pausedSince;
    if (pausedFor >= TIMING.PAUSE_EXPIRY) {
      finalise(ctx, session, pass.pausedSince, "pause-expiry");
      drop(session.deviceKey);
    } else if (
      pausedFor >= TIMING.LONG_PAUSE &&
      !pass.emitted &&
      meetsRule(pass.listenedMs, pass.durationMs, ctx.rules)
    ) {
      ctx.out.push(toFinalised(ctx, session, pass, pass.pausedSince, "long-pause", false));
      pass.emitted = true;
    }
  }
}

function applySnapshot(
  ctx: StepCtx,
  s: Snapshot,
  sessions: Map<string, Session>,
  drop: (k: string) => void,
): void {
  const device = s.deviceKey;
  if (s.isPrivate) {
    // E14: close what this device was doing with the credit so far; record nothing while private.
    const own = device ? sessions.get(device) : undefined;
    if (own) {
      finalise(ctx, own, own.pass?.lastObservedAt ?? s.observedAt, "private");
      drop(own.deviceKey);
    }
    // The account plays (privately) there, so other devices have stopped: close them as for `none`.
    for (const other of [...sessions.values()]) {
      if (noteAbsent(ctx, other, s.observedAt) === "finalised") drop(other.deviceKey);
    }
    return;
  }
  if (s.status === "none" || !isMusic(s) || !device) {
    // E10/E16: nothing (or an ad, an episode, no device) is playing; every playing pass waits one more look.
    for (const session of [...sessions.values()]) {
      if (noteAbsent(ctx, session, s.observedAt) === "finalised") drop(session.deviceKey);
    }
    return;
  }

  const handedOff = applyMusic(ctx, s, device, sessions, drop);
  // Only one device plays per account: others that were playing have stopped (after one more look),
  // and a paused pass elsewhere is superseded once another device really plays.
  for (const other of [...sessions.values()]) {
    if (other.deviceKey === device || other.sessionId === handedOff) continue;
    if (other.pass?.status === "paused" && s.status === "playing") {
      finalise(ctx, other, other.pass.pausedSince ?? other.pass.lastObservedAt, "superseded");
      drop(other.deviceKey);
    } else if (noteAbsent(ctx, other, s.observedAt) === "finalised") {
      drop(other.deviceKey);
    }
  }
}

/** Applies a music snapshot on `device`; returns the id of a session that was handed off to it. */
function applyMusic(
  ctx: StepCtx,
  s: Snapshot,
  device: string,
  sessions: Map<string, Session>,
  drop: (k: string) => void,
): string | null {
  const own = sessions.get(device);
  if (own?.pass && own.pass.trackKey === s.trackKey) {
    continuePass(ctx, own, s);
    if (pausedAtEnd(s)) finalise(ctx, own, own.pass?.pausedSince ?? s.observedAt, "ended", true);
    else yandexTimers(ctx, s, own, drop);
    return null;
  }
  if (own && correctExtrapolation(ctx, own, s)) return null;
  if (s.frameAt != null && isStaleFrame(s, own)) return null;

  // E11: the same track continues on another device at a continuous position: move the session.
  const from = [...sessions.values()].find(
    (o) => o.deviceKey !== device && o.pass?.trackKey === s.trackKey && positionContinues(o.pass, s),
  );
  if (from) {
    if (own?.pass) finaliseWithTail(ctx, own, s, "track-change");
    // The old row goes; the new device's row (if any) is overwritten by the moved session.
    drop(from.deviceKey);
    const moved: Session = { ...from, deviceKey: device };
    sessions.set(device, moved);
    continuePass(ctx, moved, s);
    return moved.sessionId;
  }

  if (own?.pass) {
    const afterPlaying = own.pass.status === "playing";
    finaliseWithTail(ctx, own, s, "track-change"); // E9
    if (!opensNothing(s)) openPass(ctx, own, s, own.lastObservedAt, afterPlaying);
    return null;
  }
  if (opensNothing(s)) return null;
  const session: Session = own ?? {
    v: 1,
    sessionId: sessionIdFor(ctx.provider, device, s.observedAt),
    deviceKey: device,
    passNo: 0,
    pass: null,
    lastPassEndedAt: null,
    lastObservedAt: s.observedAt,
    closedFrame: null,
  };
  session.closedFrame = null;
  openPass(ctx, session, s, ctx.prevObservedAt);
  sessions.set(device, session);
  return null;
}

/**
 * A track standing paused at its very end has ended: the queue's last track (Ynison then stands paused at
 * `progress = duration` and pushes nothing more), or a player stopped there. Nothing can resume it, so its
 * pass is final now, not at the long-pause cap (docs/listening-rules.md §3.4).
 */
const pausedAtEnd = (s: Snapshot) =>
  s.status === "paused" && s.durationMs != null && s.positionMs >= s.durationMs - TIMING.AT_END;

/**
 * E1 opens a pass for a track that plays. A paused track with no pass of its own opens nothing: one at its
 * end is over, and on Yandex a queue loaded but paused (at connect, or after a track change while paused)
 * is no play yet: its pass opens when it plays, from the play's own start (the status change tells it).
 * Spotify has no such start time, so a paused Spotify track still opens a pass to bound the resume (E5).
 */
const opensNothing = (s: Snapshot) => s.status === "paused" && (pausedAtEnd(s) || s.provider === "yandex");

/**
 * Yandex frames stop without notice (E15): a frame re-read after its extrapolation already closed the
 * pass, or a frame whose track ended long ago (the stale first frame at connect), opens nothing.
 */
function isStaleFrame(s: Snapshot, own: Session | undefined): boolean {
  const closed = own?.closedFrame;
  if (closed && closed.trackKey === s.trackKey && s.frameAt != null && s.frameAt <= closed.frameAt)
    return true;
  if (s.status !== "playing") return false;
  if (s.endsAt != null) return s.observedAt >= s.endsAt + TIMING.YANDEX_END_WAIT;
  // No duration to extrapolate to: a play unchanged for longer than a device is kept without frames is old.
  return s.playingSince != null && s.observedAt - s.playingSince >= TIMING.YANDEX_GONE_CAP;
}

/**
 * E15's "a later frame corrects the state": a newer frame shows the track we closed by extrapolation
 * still short of its end (paused at 1:10, say). The pass is reopened with only the credit real frames
 * proved, and its listen is rewritten under the same key (counted again only if the rule is met later).
 */
function correctExtrapolation(ctx: StepCtx, own: Session, s: Snapshot): boolean {
  const closed = own.closedFrame;
  const conf = closed?.pass?.confirmed;
  if (!closed?.pass || !conf || own.pass || s.frameAt == null || s.frameAt <= closed.frameAt) return false;
  const dur = closed.pass.durationMs;
  if (closed.trackKey !== s.trackKey || !dur || s.positionMs >= dur - TIMING.END_SNAP) return false;
  if (s.positionMs < conf.positionMs - TIMING.DRIFT) return false; // started over: a new pass, not a correction
  const pass = {
    ...closed.pass,
    listenedMs: conf.listenedMs,
    lastPositionMs: conf.positionMs,
    lastObservedAt: conf.observedAt,
    status: "playing" as const,
    pausedSince: null,
    emitted: false,
    pendingStopAt: null,
  };
  own.pass = pass;
  own.closedFrame = null;
  continuePass(ctx, own, s);
  // The row now holds what the frames prove; the reopened pass rewrites it again when it finalises.
  const endedAt = pass.pausedSince ?? s.observedAt;
  ctx.out.push(toFinalised(ctx, own, pass, endedAt, "corrected", false));
  return true;
}

/** E15: finalise as completed 20 s after the extrapolated end; without any frame for long, the device is gone. */
function yandexTimers(ctx: StepCtx, s: Snapshot, session: Session, drop: (k: string) => void): void {
  const pass = session.pass;
  if (!pass || s.frameAt == null || pass.status !== "playing") return;
  if (s.endsAt != null && ctx.now >= s.endsAt + TIMING.YANDEX_END_WAIT) {
    const closing = structuredClone(pass);
    finalise(ctx, session, s.endsAt, "extrapolated-end", true);
    session.closedFrame = { trackKey: s.trackKey ?? "", frameAt: s.frameAt, pass: closing };
    return;
  }
  const remainingAtFrame = s.endsAt != null ? s.endsAt - s.frameAt : 0;
  const goneAfter = Math.min(
    TIMING.YANDEX_GONE_CAP,
    Math.max(TIMING.YANDEX_GONE_MIN, remainingAtFrame + TIMING.YANDEX_GONE_EXTRA),
  );
  if (ctx.now - s.frameAt >= goneAfter) {
    finalise(ctx, session, pass.lastObservedAt, "gone");
    drop(session.deviceKey);
  }
}
