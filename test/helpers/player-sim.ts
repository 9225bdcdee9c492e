import type { TrackInput } from "@/lib/catalog/upsert";
import { DEFAULT_RULES, type ListenRules } from "@/lib/listening/rules";
import { emptyMeta, step } from "@/lib/listening/state-machine";
import type { FinalisedPass, ListenProvider, ProviderMeta, Session, Snapshot } from "@/lib/listening/types";

/**
 * A scripted player for the state machine tests: the truth of what a device played, from which snapshots are
 * taken at any instant, and a driver that feeds them to the state machine on a fake clock.
 */
export type SimTrack = { key: string; durationMs: number; title?: string; artist?: string };

export type Segment = {
  at: number;
  device?: string;
  track?: SimTrack;
  /** Position at `at`. */
  pos?: number;
  status: "playing" | "paused" | "none" | "ad" | "episode" | "private";
  repeatOne?: boolean;
};

export const S = 1000;
export const MIN = 60 * S;
/** The scenarios' clock: ms since an arbitrary epoch. */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const at = (ms: number) => T0 + ms;

/** Instants from `from` to `to` inclusive, `stepMs` apart: poll times for `runScript`. */
export function range(from: number, to: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to; x += stepMs) out.push(x);
  return out;
}

export function simTrack(key: string, durationMs: number): SimTrack {
  return { key, durationMs, title: `Song ${key}`, artist: `Artist ${key}` };
}

export function trackInput(t: SimTrack, provider: ListenProvider = "spotify"): TrackInput {
  return {
    provider,
    externalId: t.key,
    title: t.title ?? t.key,
    artists: [{ name: t.artist ?? "Artist" }],
    durationMs: t.durationMs,
  };
}

/** Tracks played back to back from `start` on one device, then nothing. */
export function album(start: number, tracks: SimTrack[], device = "dev-1"): Segment[] {
  const out: Segment[] = [];
  let at = start;
  for (const track of tracks) {
    out.push({ at, device, track, pos: 0, status: "playing" });
    at += track.durationMs;
  }
  out.push({ at, status: "none" });
  return out;
}

/** The truth at time t: which segment applies and where its position is. */
export function truthAt(script: Segment[], t: number): { seg: Segment; pos: number } | null {
  let seg: Segment | null = null;
  for (const s of script) if (s.at <= t) seg = s;
  if (!seg) return null;
  let pos = seg.pos ?? 0;
  if (seg.status === "playing" && seg.track) {
    pos += t - seg.at;
    if (seg.repeatOne) pos %= seg.track.durationMs;
    else if (pos >= seg.track.durationMs) return { seg: { at: seg.at, status: "none" }, pos: 0 };
  }
  return { seg, pos };
}

export function snapshotAt(script: Segment[], t: number, provider: ListenProvider = "spotify"): Snapshot {
  const truth = truthAt(script, t);
  const seg = truth?.seg;
  const base: Snapshot = {
    provider,
    observedAt: t,
    status: "none",
    deviceKey: seg?.device ?? null,
    isPrivate: seg?.status === "private",
    kind: "none",
    trackKey: null,
    durationMs: null,
    positionMs: 0,
    repeatOne: !!seg?.repeatOne,
    speed: 1,
    track: null,
  };
  if (!seg || !truth) return base;
  if (seg.status === "ad" || seg.status === "episode") return { ...base, kind: seg.status };
  if ((seg.status !== "playing" && seg.status !== "paused" && seg.status !== "private") || !seg.track)
    return base;
  return {
    ...base,
    status: seg.status === "paused" ? "paused" : seg.status === "private" ? "playing" : seg.status,
    kind: "track",
    trackKey: seg.track.key,
    durationMs: seg.track.durationMs,
    positionMs: truth.pos,
    track: trackInput(seg.track, provider),
  };
}

export type SimState = {
  sessions: Session[];
  meta: ProviderMeta;
  passes: FinalisedPass[];
  reconcileAt: number[];
};

export function newSim(): SimState {
  return { sessions: [], meta: emptyMeta(), passes: [], reconcileAt: [] };
}

/** Applies one observation (a snapshot, or a failure when `snapshot` is null) to the sim state. */
export function apply(
  state: SimState,
  snapshot: Snapshot | null,
  now: number,
  opts: { provider?: ListenProvider; rules?: ListenRules } = {},
): SimState {
  const r = step({
    provider: opts.provider ?? snapshot?.provider ?? "spotify",
    sessions: state.sessions,
    meta: state.meta,
    observation: snapshot ? { snapshot } : { failure: "test" },
    now,
    rules: opts.rules ?? DEFAULT_RULES,
  });
  state.sessions = r.sessions;
  state.meta = r.meta;
  state.passes.push(...r.passes);
  if (r.needsReconcile) state.reconcileAt.push(now);
  return state;
}

/**
 * Polls `script` at `times` (or every `every` ms in [from, to]); `down(t)` makes that poll fail or, with
 * "skip", not happen at all (a dead worker).
 */
export function runScript(
  script: Segment[],
  opts: {
    from?: number;
    to?: number;
    every?: number;
    times?: number[];
    down?: (t: number) => "fail" | "skip" | false;
    provider?: ListenProvider;
    rules?: ListenRules;
    state?: SimState;
  },
): SimState {
  const state = opts.state ?? newSim();
  const times = opts.times ?? [];
  if (!opts.times) for (let t = opts.from ?? 0; t <= (opts.to ?? 0); t += opts.every ?? 10 * S) times.push(t);
  for (const t of times) {
    const d = opts.down?.(t) ?? false;
    if (d === "skip") continue;
    apply(state, d === "fail" ? null : snapshotAt(script, t, opts.provider), t, opts);
  }
  return state;
}

/** The passes as the listens table ends up: a later pass with the same key (a correction) replaces it. */
export function finalPasses(st: SimState): FinalisedPass[] {
  const byKey = new Map<string, FinalisedPass>();
  for (const p of st.passes) {
    byKey.delete(p.dedupKey);
    byKey.set(p.dedupKey, p);
  }
  return [...byKey.values()];
}
export const listensOf = (st: SimState) => finalPasses(st).filter((p) => p.counts);
export const skipsOf = (st: SimState) => finalPasses(st).filter((p) => !p.counts);
