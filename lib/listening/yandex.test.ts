import { describe, expect, it } from "vitest";
import { apply, listensOf, newSim, S, type SimState } from "@/test/helpers/player-sim";
import { fromYnisonState, type YnisonState } from "./snapshot";

// Scenario 12 family (listening-rules.md §10, E15/E16): Ynison frames arrive when Yandex pushes them; the
// poll timer (every 10 s) re-reads the latest frame and extrapolates.
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => T0 + ms;

type Frame = { at: number } & Partial<YnisonState>;

function frame(f: Frame): YnisonState {
  return {
    frameAt: f.at,
    playableId: "y1",
    playableType: "TRACK",
    durationMs: 180 * S,
    progressMs: 0,
    paused: false,
    statusTimestampMs: f.at,
    deviceId: "station",
    repeatMode: "NONE",
    title: "Song",
    ...f,
  };
}

/** Polls at every `every` ms and at every frame's arrival (frames trigger a debounced run too). */
function drive(frames: Frame[], to: number, every = 10 * S, state: SimState = newSim()): SimState {
  const times = new Set<number>(frames.map((f) => f.at));
  for (let t = frames[0]?.at ?? 0; t <= to; t += every) times.add(t);
  for (const t of [...times].sort((a, b) => a - b)) {
    const latest = frames.filter((f) => f.at <= t).at(-1);
    if (!latest) continue;
    apply(state, fromYnisonState(frame(latest), t), t, { provider: "yandex" });
  }
  return state;
}

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
    const st = drive([{ at: at(0), progressMs: 30 * S, statusTimestampMs: at(-3600 * S) }], at(10 * 60 * S));
    expect(st.passes).toHaveLength(0);
  });

  it("12c: duplicate pushes give no double credit", () => {
    const frames: Frame[] = [];
    for (let t = 0; t <= 60; t += 10) {
      frames.push({ at: at(t * S), progressMs: t * S });
      frames.push({ at: at(t * S + 500), progressMs: t * S, statusTimestampMs: at(t * S) });
    }
    frames.push({ at: at(70 * S), playableId: "y2", progressMs: 0 });
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
        { at: at(120 * S), sentinel: true, paused: true, progressMs: 120 * S },
      ],
      at(150 * S),
    );
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]?.reason).toBe("stop");
    expect(st.sessions).toHaveLength(0);
  });
});
