import { describe, expect, it } from "vitest";
import {
  at,
  listensOf,
  MIN,
  range,
  runScript,
  S,
  type Segment,
  simTrack,
  skipsOf,
} from "@/test/helpers/player-sim";

// Scenario numbers refer to listening-rules.md §10; the other scenarios are in state-machine.test.ts.

describe("scenario 4: long pauses", () => {
  const t = simTrack("t", 287 * S); // 4:47
  const pausedScript = (pauseAt: number, pauseFor: number): Segment[] => [
    { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
    { at: at(pauseAt), device: "d", track: t, pos: pauseAt, status: "paused" },
    { at: at(pauseAt + pauseFor), device: "d", track: t, pos: pauseAt, status: "playing" },
  ];
  // Polls every 10 s while playing, 30 s while paused (the paused cadence).
  const run = (script: Segment[], pauseAt: number, pauseFor: number) =>
    runScript(script, {
      times: [
        ...range(at(-5 * S), at(pauseAt + 10 * S), 10 * S),
        ...range(at(pauseAt + 20 * S), at(pauseAt + pauseFor), 30 * S),
        ...range(at(pauseAt + pauseFor + 5 * S), at(pauseAt + pauseFor + 10 * MIN), 10 * S),
      ],
    });

  it("4: paused at 3:08 for 3 h, resumed → exactly 1 listen stamped at the original start", () => {
    const st = run(pausedScript(188 * S, 3 * 3600 * S), 188 * S, 3 * 3600 * S);
    expect(listensOf(st)).toHaveLength(1);
    expect(skipsOf(st)).toHaveLength(0);
    expect(Math.abs((listensOf(st)[0]?.startedAt ?? 0) - at(0))).toBeLessThanOrEqual(10 * S);
    expect(listensOf(st)[0]?.listenedMs).toBeGreaterThan(270 * S);
  });
  it("4b: paused at 3:08 for 8 h → emitted at the cap, resuming does not emit again", () => {
    const st = run(pausedScript(188 * S, 8 * 3600 * S), 188 * S, 8 * 3600 * S);
    expect(listensOf(st)).toHaveLength(1);
    const l = listensOf(st)[0];
    expect(l?.reason).toBe("long-pause");
    expect(l?.endedAt).toBeLessThanOrEqual(at(200 * S));
  });
  it("4c: paused at 1:00 for 8 h, then resumed to the end → 1 listen after the resume", () => {
    const st = run(pausedScript(60 * S, 8 * 3600 * S), 60 * S, 8 * 3600 * S);
    expect(listensOf(st)).toHaveLength(1);
    expect(listensOf(st)[0]?.reason).not.toBe("long-pause");
    expect(Math.abs((listensOf(st)[0]?.startedAt ?? 0) - at(0))).toBeLessThanOrEqual(10 * S);
  });
  it("a never-qualifying paused pass expires as skipped after 24 h", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(30 * S), device: "d", track: t, pos: 30 * S, status: "paused" },
    ];
    const st = runScript(script, { times: [...range(at(-5 * S), at(60 * S), 10 * S), at(25 * 3600 * S)] });
    expect(listensOf(st)).toHaveLength(0);
    expect(skipsOf(st).map((p) => p.reason)).toEqual(["pause-expiry"]);
  });
});

describe("scenario 5: device hand-off", () => {
  const t = simTrack("t", 200 * S);
  it("5: paused at 60 % on the phone, resumed on the laptop → 1 listen, credit continuous", () => {
    const script: Segment[] = [
      { at: at(0), device: "phone", track: t, pos: 0, status: "playing" },
      { at: at(120 * S), device: "phone", track: t, pos: 120 * S, status: "paused" },
      { at: at(20 * MIN), device: "laptop", track: t, pos: 120 * S, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(40 * MIN), every: 10 * S });
    expect(listensOf(st)).toHaveLength(1);
    expect(skipsOf(st)).toHaveLength(0);
    const l = listensOf(st)[0];
    expect(l?.deviceKey).toBe("laptop");
    expect(l?.listenedMs).toBeGreaterThan(185 * S);
    expect(Math.abs((l?.startedAt ?? 0) - at(0))).toBeLessThanOrEqual(10 * S);
  });
  it("5c: resumed on the laptop right after a look at the paused phone, seen 25 s into the resume → 1 listen", () => {
    // A paused pass bounds nothing forward: the play may have resumed at any time since the last look.
    const script: Segment[] = [
      { at: at(0), device: "phone", track: t, pos: 0, status: "playing" },
      { at: at(120 * S), device: "phone", track: t, pos: 120 * S, status: "paused" },
      { at: at(151 * S), device: "laptop", track: t, pos: 120 * S, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 30 * S });
    expect(listensOf(st)).toHaveLength(1);
    expect(skipsOf(st)).toHaveLength(0);
    expect(listensOf(st)[0]?.listenedMs).toBeGreaterThan(170 * S);
  });
  it("5b: hand-off while playing → 1 listen", () => {
    const script: Segment[] = [
      { at: at(0), device: "phone", track: t, pos: 0, status: "playing" },
      { at: at(82 * S), device: "laptop", track: t, pos: 84 * S, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 10 * S });
    expect(listensOf(st)).toHaveLength(1);
    expect(skipsOf(st)).toHaveLength(0);
  });
});

describe("scenario 6: repeat-one", () => {
  it.each([10 * S, 60 * S])("6: a 2:30 track ×3 at %i ms polls → 3 listens", (every) => {
    const t = simTrack("r", 150 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing", repeatOne: true },
      { at: at(450 * S), status: "none" },
    ];
    const st = runScript(script, { from: at(0), to: at(20 * MIN), every });
    expect(listensOf(st).map((l) => l.passNo)).toEqual([1, 2, 3]);
  });
  it("6b: a 45 s track ×4 at 60 s polls: live sees some wraps, never more than 4", () => {
    const t = simTrack("r45", 45 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing", repeatOne: true },
      { at: at(180 * S), status: "none" },
    ];
    const st = runScript(script, { from: at(0), to: at(10 * MIN), every: 60 * S });
    const n = listensOf(st).length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(4);
  });
});
