import { describe, expect, it } from "vitest";
import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";
import { apply, listensOf, newSim, S, type SimState } from "@/test/helpers/player-sim";
import { ynisonState } from "@/test/helpers/ynison-state";
import { fromYnisonState } from "./snapshot";

// Scenario 12 family (listening-rules.md §10, E15/E16): Ynison frames arrive when Yandex pushes them; the
// poll timer (every 10 s) re-reads the latest frame and extrapolates.
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => T0 + ms;

type Frame = { at: number } & Partial<YnisonState>;

function frame(f: Frame): YnisonState {
  const { at: receivedAt, ...rest } = f;
  return ynisonState({
    receivedAt,
    trackId: "y1",
    durationMs: 180 * S,
    activeDeviceId: "station",
    statusDeviceId: "station",
    ...rest,
  });
}

/**
 * Polls at every `every` ms from the first frame, and also at every frame's arrival unless `polls` says
 * otherwise (the worker polls on its cadence; a frame itself wakes nothing). `watchedSince`: the socket's.
 */
function drive(
  frames: Frame[],
  to: number,
  every = 10 * S,
  state: SimState = newSim(),
  opts: { watchedSince?: number; from?: number; atFrames?: boolean } = {},
): SimState {
  const times = new Set<number>(opts.atFrames === false ? [] : frames.map((f) => f.at));
  for (let t = opts.from ?? frames[0]?.at ?? 0; t <= to; t += every) times.add(t);
  for (const t of [...times].sort((a, b) => a - b)) {
    const latest = frames.filter((f) => f.at <= t).at(-1);
    if (!latest) continue;
    const snapshot = fromYnisonState(frame(latest), t, { watchedSince: opts.watchedSince });
    apply(state, snapshot, t, { provider: "yandex" });
  }
  return state;
}

describe("change-only pushes (docs/listening-rules.md §3.4–3.5)", () => {
  it("12d: the queue's last track played to its end (paused at progress = duration) is final at once", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(180 * S), progressMs: 180 * S, paused: true },
    ];
    // Polls only on the cadence, and nothing after the end of the queue: no later frame, no long-pause cap.
    const st = drive(frames, at(190 * S), 10 * S, newSim(), { watchedSince: at(-5 * S), atFrames: false });
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]).toMatchObject({ reason: "ended", completed: true, listenedMs: 180 * S });
    expect(listensOf(st)[0]?.endedAt).toBe(at(180 * S));
    // Polls go on seeing the same paused end: nothing more is opened or written.
    drive(frames, at(20 * 60 * S), 30 * S, st, {
      watchedSince: at(-5 * S),
      from: at(200 * S),
      atFrames: false,
    });
    expect(st.passes).toHaveLength(1);
    expect(st.sessions.every((x) => x.pass === null)).toBe(true);
  });

  it("12e: a queue loaded but paused at connect opens nothing; the play counts from its start", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0, paused: true, changedAt: at(-3600 * S) },
      { at: at(95 * S), progressMs: 0 },
      { at: at(275 * S), trackId: "y2", progressMs: 0 },
    ];
    const st = drive(frames, at(300 * S), 30 * S, newSim(), { watchedSince: at(0), atFrames: false });
    expect(st.passes).toHaveLength(1);
    expect(listensOf(st)[0]).toMatchObject({ startedAt: at(95 * S), listenedMs: 180 * S, completed: true });
  });

  it("15: a track started between two polls right after connecting is credited from its start", () => {
    // The "50 s track stored as a 19 s skip": the first poll after connecting saw it at 0:31.
    const short = (f: Frame): Frame => ({ durationMs: 50 * S, ...f });
    const frames: Frame[] = [
      short({ at: at(0), trackId: null }),
      short({ at: at(10 * S), progressMs: 0 }),
      short({ at: at(60 * S), trackId: "y2", progressMs: 0 }),
    ];
    const st = drive(frames, at(90 * S), 41 * S, newSim(), { watchedSince: at(0), atFrames: false });
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]).toMatchObject({ startedAt: at(10 * S), listenedMs: 50 * S });
  });

  it("8b: after a restart, a track that began after the play we last saw is credited from its start", () => {
    // Our last look (t = 10 s) saw y1 playing; the app was down until 100 s; the new socket's first frame
    // says y2 has played from 0 since 75 s. Playing before and after: both sides are extrapolated (§3 point 5).
    const before = drive([{ at: at(0), progressMs: 0, durationMs: 40 * S }], at(10 * S), 10 * S, newSim(), {
      watchedSince: at(-1 * S),
    });
    const after: Frame[] = [
      { at: at(101 * S), trackId: "y2", durationMs: 45 * S, progressMs: 0, changedAt: at(75 * S) },
    ];
    const st = drive(after, at(150 * S), 10 * S, before, { watchedSince: at(100 * S) });
    expect(listensOf(st).map((l) => [l.trackKey, l.startedAt, l.listenedMs])).toEqual([
      ["y1", at(0), 40 * S],
      ["y2", at(75 * S), 45 * S],
    ]);
  });

  it("7: a seek back between two polls costs no credit: both sides are extrapolated from the change", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(105 * S), progressMs: 40 * S },
      { at: at(245 * S), trackId: "y2", progressMs: 0 },
    ];
    const st = drive(frames, at(250 * S), 10 * S, newSim(), { watchedSince: at(-1 * S), atFrames: false });
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]?.listenedMs).toBe(245 * S);
  });

  it("a pause and a resume between two polls credit the play on both sides, not the pause", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(42 * S), progressMs: 42 * S, paused: true },
      { at: at(47 * S), progressMs: 42 * S },
      { at: at(185 * S), trackId: "y2", progressMs: 0 },
    ];
    const st = drive(frames, at(190 * S), 10 * S, newSim(), { watchedSince: at(-1 * S), atFrames: false });
    expect(listensOf(st)[0]?.listenedMs).toBe(180 * S);
  });

  it("a resume is credited from the moment the status says it resumed, not only DRIFT", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(50 * S), progressMs: 50 * S, paused: true },
      { at: at(82 * S), progressMs: 50 * S },
      { at: at(220 * S), trackId: "y2", progressMs: 0 },
    ];
    const st = drive(frames, at(225 * S), 10 * S, newSim(), { watchedSince: at(-1 * S), atFrames: false });
    expect(listensOf(st)[0]?.listenedMs).toBe(180 * S);
  });
});

describe("scenario 12: Yandex pushes", () => {
  it("12: pushes stop at 1:00 of a 3:00 track → extrapolate, finalise 20 s after the expected end", () => {
    const st = drive(
      [
        { at: at(0), progressMs: 0 },
        { at: at(30 * S), progressMs: 30 * S },
        { at: at(60 * S), progressMs: 60 * S },
      ],
      at(10 * 60 * S),
    );
    expect(listensOf(st)).toHaveLength(1);
    const l = listensOf(st)[0];
    expect(l).toMatchObject({ reason: "extrapolated-end", completed: true, endedAt: at(180 * S) });
    expect(st.passes).toHaveLength(1);
  });

  it("12: pushes stop and come back 15 s into the next track: each play keeps its own start and end", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(195 * S), trackId: "y2", progressMs: 0, changedAt: at(180 * S) },
    ];
    const st = drive(frames, at(400 * S), 10 * S, newSim(), { watchedSince: at(-1 * S) });
    expect(listensOf(st).map((l) => [l.trackKey, l.startedAt, l.endedAt])).toEqual([
      ["y1", at(0), at(180 * S)],
      ["y2", at(180 * S), at(360 * S)],
    ]);
  });

  it("12b: pushes resume 5 min later showing the track paused at 1:10 → credit only 10 s, no listen", () => {
    const frames: Frame[] = [
      { at: at(0), progressMs: 0 },
      { at: at(60 * S), progressMs: 60 * S },
      { at: at(360 * S), progressMs: 70 * S, paused: true },
    ];
    const st = drive(frames, at(20 * 60 * S));
    // The extrapolated end was written at 3:20, then rewritten under the same key by the proving frame.
    expect(st.passes.map((p) => p.reason)).toEqual(["extrapolated-end", "corrected"]);
    expect(listensOf(st)).toHaveLength(0);
    expect(st.sessions[0]?.pass?.listenedMs).toBe(70 * S);

    // "…unless the rule is met later": resumed and played to the end → one listen, same key.
    frames.push({ at: at(21 * 60 * S), progressMs: 70 * S });
    drive(frames.slice(-1), at(30 * 60 * S), 10 * S, st);
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]?.dedupKey).toBe(st.passes[0]?.dedupKey);
  });

  it("12b: a paused pass seen after a gap earns only the progress the frames prove", () => {
    const st = drive(
      [
        { at: at(0), progressMs: 0 },
        { at: at(40 * S), progressMs: 40 * S, paused: true },
        { at: at(340 * S), progressMs: 50 * S, paused: true },
      ],
      at(20 * 60 * S),
    );
    expect(listensOf(st)).toHaveLength(0);
    const pass = st.sessions[0]?.pass;
    expect(pass?.listenedMs).toBeLessThanOrEqual(40 * S + 3 * S);
  });

  it("12c: a stale first frame at connect creates no phantom listen", () => {
    const st = drive([{ at: at(0), progressMs: 30 * S, changedAt: at(-3600 * S) }], at(10 * 60 * S));
    expect(st.passes).toHaveLength(0);
  });

  it("12c: a stale first frame of a track without a duration opens nothing either", () => {
    const st = drive(
      [{ at: at(0), progressMs: 30 * S, durationMs: 0, changedAt: at(-3600 * S) }],
      at(20 * 60 * S),
      10 * S,
      newSim(),
      { watchedSince: at(0) },
    );
    expect(st.passes).toHaveLength(0);
    expect(st.sessions.every((x) => x.pass === null)).toBe(true);
  });

  it("12c: duplicate pushes give no double credit", () => {
    const frames: Frame[] = [];
    for (let t = 0; t <= 60; t += 10) {
      frames.push({ at: at(t * S), progressMs: t * S });
      frames.push({
        at: at(t * S + 500),
        progressMs: t * S,
        changedAt: at(t * S),
        statusVersion: String(at(t * S)),
      });
    }
    frames.push({ at: at(70 * S), trackId: "y2", progressMs: 0 });
    const st = drive(frames, at(75 * S), 10 * S);
    expect(st.passes).toHaveLength(1);
    expect(st.passes[0]?.listenedMs).toBeLessThanOrEqual(71 * S);
    expect(st.passes[0]?.counts).toBe(false);
  });

  it("12c: a web player that always says paused records nothing", () => {
    const frames: Frame[] = [0, 60, 120, 180].map((t) => ({
      at: at(t * S),
      progressMs: t * S,
      paused: true,
    }));
    const st = drive(frames, at(10 * 60 * S));
    expect(listensOf(st)).toHaveLength(0);
  });

  it("12c/E16: the disconnect sentinel closes the pass", () => {
    const st = drive(
      [
        { at: at(0), progressMs: 0 },
        { at: at(100 * S), progressMs: 100 * S },
        { at: at(120 * S), stopped: true, activeDeviceId: null, paused: true, progressMs: 120 * S },
      ],
      at(150 * S),
    );
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]?.reason).toBe("stop");
    expect(st.sessions).toHaveLength(0);
  });
});
