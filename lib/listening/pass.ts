import { type ListenRules, liveDedupKey, meetsRule, nearEnd, nearStart, TIMING } from "./rules";
import type { FinalisedPass, FinaliseReason, ListenProvider, Pass, Session, Snapshot } from "./types";

/** Pieces of one step shared by the session helpers: where finalised passes go. */
export type StepCtx = {
  provider: ListenProvider;
  rules: ListenRules;
  now: number;
  out: FinalisedPass[];
  /** The user's previous successful observation of this provider (E1's head bound); null right after connecting. */
  prevObservedAt: number | null;
};

// Longer than two paused-cadence polls: we did not watch the resume happen.
const RESUME_LOOKED_AWAY = 60_000;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/**
 * Closes the pass of `session` (credit already applied) and emits it unless it was already emitted at the
 * long-pause cap. A pass with no credit at all is noise (a stale frame, a pause seen at position 0) and is
 * not stored even as a skip.
 */
export function finalise(
  ctx: StepCtx,
  session: Session,
  endedAt: number,
  reason: FinaliseReason,
  completed = false,
): void {
  const pass = session.pass;
  if (!pass) return;
  session.pass = null;
  session.lastPassEndedAt = Math.max(pass.startedAt, endedAt);
  if (pass.emitted || pass.listenedMs <= 0) return;
  ctx.out.push(toFinalised(ctx, session, pass, session.lastPassEndedAt, reason, completed));
}

export function toFinalised(
  ctx: StepCtx,
  session: Session,
  pass: Pass,
  endedAt: number,
  reason: FinaliseReason,
  completed: boolean,
): FinalisedPass {
  const listenedMs = Math.round(pass.listenedMs);
  return {
    dedupKey: liveDedupKey(ctx.provider, session.sessionId, pass.passNo),
    provider: ctx.provider,
    sessionId: session.sessionId,
    passNo: pass.passNo,
    deviceKey: session.deviceKey,
    trackKey: pass.trackKey,
    track: pass.track,
    durationMs: pass.durationMs,
    startedAt: Math.round(pass.startedAt),
    endedAt: Math.round(endedAt),
    listenedMs,
    counts: meetsRule(listenedMs, pass.durationMs, ctx.rules),
    completed,
    reason,
    ...(pass.unseenHeadMs ? { unseenHeadMs: pass.unseenHeadMs } : {}),
  };
}

/**
 * E1: opens a new pass for the snapshot's track. Only the head that fell between two of our
 * observations is credited (nothing right after connecting), and the pass never starts before the
 * previous pass on this device ended.
 */
export function openPass(
  _ctx: StepCtx,
  session: Session,
  s: Snapshot,
  boundSince: number | null,
  afterPlaying = false,
): void {
  const speed = s.speed || 1;
  const p = Math.max(0, s.positionMs);
  let startedAt = s.observedAt - p / speed;
  if (session.lastPassEndedAt != null) startedAt = Math.max(startedAt, session.lastPassEndedAt);
  const since = headSince(s, boundSince, afterPlaying);
  const head = s.status === "playing" && since != null ? clamp(p, 0, (s.observedAt - since) * speed) : 0;
  session.passNo += 1;
  session.pass = {
    passNo: session.passNo,
    trackKey: s.trackKey ?? "",
    track: s.track,
    durationMs: s.durationMs,
    startedAt,
    status: s.status === "paused" ? "paused" : "playing",
    lastPositionMs: p,
    lastObservedAt: s.observedAt,
    listenedMs: head,
    ...(p > head ? { unseenHeadMs: Math.round(p - head) } : {}),
    emitted: false,
    pausedSince: s.status === "paused" ? s.observedAt : null,
    frozenSince: null,
    frozenCount: 0,
    repeatOne: s.repeatOne,
    pendingStopAt: null,
    frameAt: s.frameAt ?? null,
    confirmed: s.frameAt != null ? { positionMs: p, listenedMs: head, observedAt: s.observedAt } : null,
  };
  session.lastObservedAt = s.observedAt;
}

/**
 * Since when the head of a new pass was watched. Spotify: since our previous look (nothing before the first).
 * Yandex: the socket pushes every change, so everything since it went live was watched, and the status's
 * change time says when this play began: the head is what played since the later of the two, whatever the
 * poll cadence (a track started between two polls right after connecting is credited from its start).
 */
function headSince(s: Snapshot, boundSince: number | null, afterPlaying: boolean): number | null {
  if (s.watchedSince == null || s.playingSince == null) return boundSince;
  // §3.5: our last look saw this device playing, and its state says this play began after that look: the
  // account played throughout (a restart, a dropped socket), so the play is credited from its own start.
  if (afterPlaying && boundSince != null && s.playingSince >= boundSince) return s.playingSince;
  return Math.max(s.watchedSince, s.playingSince);
}

/**
 * E9 (and a superseding device): the wall time not explained by the new track's position is T's tail;
 * a pass that reached within END_SNAP of its end is completed (crossfade, Automix).
 */
export function finaliseWithTail(ctx: StepCtx, session: Session, s: Snapshot, reason: FinaliseReason): void {
  const pass = session.pass;
  if (!pass) return;
  const speed = s.speed || 1;
  const dur = pass.durationMs;
  let endedAt = pass.lastObservedAt;
  let completed = false;
  if (pass.status === "playing") {
    const delta = (s.observedAt - pass.lastObservedAt) * speed;
    const newPos = s.status === "none" ? 0 : Math.max(0, s.positionMs);
    const remaining = dur ? dur - pass.lastPositionMs : 0;
    let tail = clamp(delta - newPos, 0, remaining);
    if (dur && pass.lastPositionMs + tail >= dur - TIMING.END_SNAP) {
      tail = Math.max(tail, remaining);
      completed = true;
    }
    pass.listenedMs += tail;
    endedAt = Math.min(s.observedAt, pass.lastObservedAt + tail / speed);
    // Yandex without frames: our looks extrapolated the pass to its end and held it there, so the play
    // ended when the extrapolation from the last real frame got there, not at our latest look.
    const c = pass.confirmed;
    if (completed && dur && c) endedAt = Math.min(endedAt, c.observedAt + (dur - c.positionMs) / speed);
  } else if (pass.pausedSince != null) {
    endedAt = pass.pausedSince;
  }
  finalise(ctx, session, endedAt, reason, completed);
}

/**
 * E10/E16: a `none` (or the device missing) while playing marks a pending stop; a second one finalises,
 * crediting the rest of the track only when it was near its end (it most likely just ended). A paused
 * pass is left alone: Spotify drops long-paused devices from /me/player, and the pass must stay
 * resumable (E11, E12).
 */
export function noteAbsent(ctx: StepCtx, session: Session, observedAt: number): "kept" | "finalised" {
  const pass = session.pass;
  if (!pass) return "kept";
  if (pass.status === "paused") {
    // The player is gone but the pass stays resumable. One that already counts is written now (not 6 h
    // later); resuming continues it and never writes it again.
    if (pass.pendingStopAt == null) pass.pendingStopAt = observedAt;
    else if (!pass.emitted && meetsRule(pass.listenedMs, pass.durationMs, ctx.rules)) {
      ctx.out.push(toFinalised(ctx, session, pass, pass.pausedSince ?? pass.lastObservedAt, "stop", false));
      pass.emitted = true;
    }
    return "kept";
  }
  if (pass.pendingStopAt == null) {
    pass.pendingStopAt = observedAt;
    return "kept";
  }
  const dur = pass.durationMs;
  const wall = pass.pendingStopAt - pass.lastObservedAt;
  const remaining = dur ? Math.max(0, dur - pass.lastPositionMs) : 0;
  let credit = 0;
  if (dur && (nearEnd(pass.lastPositionMs, dur) || remaining <= wall)) credit = Math.min(remaining, wall);
  pass.listenedMs += credit;
  const completed = !!dur && pass.lastPositionMs + credit >= dur - TIMING.END_SNAP;
  finalise(ctx, session, pass.lastObservedAt + credit, "stop", completed);
  return "finalised";
}

/** E2–E8 (and E5 after a hand-off): the snapshot shows the track of the session's open pass. */
export function continuePass(ctx: StepCtx, session: Session, s: Snapshot): void {
  const pass = session.pass;
  if (!pass) return;
  const speed = s.speed || 1;
  const wall = (s.observedAt - pass.lastObservedAt) * speed;
  const p = Math.max(0, s.positionMs);
  const last = pass.lastPositionMs;
  const delta = p - last;
  const dur = s.durationMs ?? pass.durationMs;
  pass.pendingStopAt = null;
  pass.durationMs = dur;
  if (s.track) pass.track = s.track;

  if (pass.status === "playing" && isRepeat(pass, s, wall, dur)) {
    // E7: the old pass ran to its end (as far as wall time allows) and a new one began at 0.
    const tail = clamp(wall - p, 0, (dur ?? last) - last);
    pass.listenedMs += tail;
    const endedAt = s.observedAt - p / speed;
    const completed = !!dur && last + tail >= dur - TIMING.END_SNAP;
    finalise(ctx, session, endedAt, "repeat", completed);
    openPass(ctx, session, s, s.observedAt - wall / speed);
    return;
  }

  let credit = 0;
  if (pass.status === "paused") {
    // E5 (resume) or still paused: only DRIFT can be earned across a pause, unless we looked away for
    // long (the player was gone, polls backed off): then, as for a new pass's head (E1), the progress
    // that fits in the wall time since our last look is credited.
    // Yandex says when the play resumed: what played since then (and since our last look) is credited.
    const resumed =
      s.playingSince != null
        ? (s.observedAt - Math.max(s.playingSince, pass.lastObservedAt)) * speed + TIMING.DRIFT
        : null;
    const bound = resumed ?? (wall > RESUME_LOOKED_AWAY ? wall : TIMING.DRIFT);
    credit = s.status === "playing" ? clamp(delta, 0, bound) : 0;
  } else if (s.status === "playing" && s.playingSince != null && s.playingSince > pass.lastObservedAt) {
    credit = creditAcrossChange(pass, s, dur);
  } else if (delta > wall + TIMING.DRIFT) {
    credit = wall; // E3: forward seek earns at most the wall time
  } else if (delta >= 0) {
    credit = delta; // E2 (and E4: progress up to the pause)
  } // else E8: backward seek, nothing this step

  pass.listenedMs += credit;
  // Listened time never grows faster than wall time since the pass began.
  pass.listenedMs = Math.min(pass.listenedMs, Math.max(0, s.observedAt - pass.startedAt));

  // A position held at the very end is a track that ended (or Yandex extrapolation), not a hidden pause.
  const atEnd = !!dur && p >= dur - TIMING.FROZEN_EPS;
  const frozen =
    s.status === "playing" && !atEnd && Math.abs(delta) < TIMING.FROZEN_EPS && wall > TIMING.DRIFT;
  if (s.status === "paused") {
    if (pass.status === "playing")
      pass.pausedSince = Math.min(s.observedAt, pass.lastObservedAt + credit / speed);
    pass.status = "paused";
    pass.frozenCount = 0;
    pass.frozenSince = null;
  } else if (frozen) {
    // E6: "playing" with the position stuck for two snapshots is a pause the API did not report.
    pass.frozenSince ??= pass.lastObservedAt;
    pass.frozenCount += 1;
    if (pass.status === "playing" && pass.frozenCount >= 2) {
      pass.status = "paused";
      pass.pausedSince = pass.frozenSince;
    }
  } else {
    pass.status = "playing";
    pass.pausedSince = null;
    pass.frozenCount = 0;
    pass.frozenSince = null;
  }
  pass.lastPositionMs = p;
  pass.lastObservedAt = s.observedAt;
  pass.repeatOne = s.repeatOne;
  if (s.frameAt != null && s.frameAt !== pass.frameAt) {
    pass.frameAt = s.frameAt;
    pass.confirmed = { positionMs: p, listenedMs: pass.listenedMs, observedAt: s.observedAt };
  }
  session.lastObservedAt = s.observedAt;
}

/**
 * Yandex, playing before and after, with a status change between our two looks (a seek, or a pause and a
 * resume: Ynison says when the play that we see now began, at which position). Both sides are extrapolated
 * rather than guessed: the old play ran from our last look to the change (as far as the new position shows
 * progress, or, for a seek back, as far as the track goes), the new one from the change until now. So a seek
 * back costs no credit (E8 must give up the step on Spotify, where the moment of the seek is unknown).
 */
function creditAcrossChange(pass: Pass, s: Snapshot, dur: number | null): number {
  const speed = s.speed || 1;
  const since = s.playingSince ?? s.observedAt;
  const p = Math.max(0, s.positionMs);
  const after = clamp((s.observedAt - since) * speed, 0, p);
  const before = (since - pass.lastObservedAt) * speed;
  const resumedAt = p - after;
  const last = pass.lastPositionMs;
  const toEnd = (dur ?? Number.POSITIVE_INFINITY) - last;
  // Applied at its own receipt, a frame is the first change since our last look (frames are exhaustive):
  // the old play ran until it, wherever it jumped to. Seen later, a pause may hide in between: the new
  // position then bounds the old play, except after a seek back.
  if (s.frameAt === s.observedAt) return clamp(before, 0, toEnd) + after;
  const old = resumedAt >= last - TIMING.DRIFT ? clamp(resumedAt - last, 0, before) : clamp(before, 0, toEnd);
  return old + after;
}

/**
 * E7 and its generalisation to slow polls: the position went back to near the start after a pass that
 * counts, ended or repeats; or the wall time since the last look covers the old tail plus the new
 * position (a wrap the poll interval hid, e.g. repeat-one at 60 s polls).
 */
function isRepeat(pass: Pass, s: Snapshot, wall: number, dur: number | null): boolean {
  const p = Math.max(0, s.positionMs);
  const last = pass.lastPositionMs;
  const movedBack = p < last - TIMING.FROZEN_EPS;
  const repeatOne = pass.repeatOne || s.repeatOne;
  const a =
    movedBack && p <= nearStart(dur) && (meetsRuleLoose(pass, dur) || nearEnd(last, dur) || repeatOne);
  if (a) return true;
  if (!dur) return false;
  const wrapFits = dur - last + p <= wall + TIMING.DRIFT;
  return wrapFits && (movedBack || repeatOne) && p + TIMING.DRIFT < last + wall;
}

// The rule at default thresholds is enough evidence here; per-user thresholds only decide emission.
const meetsRuleLoose = (pass: Pass, dur: number | null) =>
  meetsRule(pass.listenedMs, dur, { minTrackMs: 30_000, minPercent: 50, maxMs: 240_000 });

/**
 * E11: the position `s` shows continues the pass — no earlier than where it was, no later than where it can
 * be by now. That bound extrapolates from the last look for a paused pass too: it may have resumed (on the
 * other device) at any moment since, so a laptop seen 25 s into a resume still continues the phone's pause.
 */
export function positionContinues(pass: Pass, s: Snapshot): boolean {
  const speed = s.speed || 1;
  const last = pass.lastPositionMs;
  let latest = last + Math.max(0, s.observedAt - pass.lastObservedAt) * speed;
  if (pass.durationMs) latest = Math.min(latest, pass.durationMs);
  const p = s.positionMs;
  return p >= last - TIMING.HANDOFF_TOL && p <= latest + TIMING.HANDOFF_TOL;
}
