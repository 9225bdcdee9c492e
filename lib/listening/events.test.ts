import { describe, expect, it } from "vitest";
import {
  apply,
  listensOf,
  runScript,
  S,
  type Segment,
  simTrack,
  skipsOf,
  snapshotAt,
} from "@/test/helpers/player-sim";

// Single events of the table in listening-rules.md §3.3 that the numbered scenarios do not isolate.
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => T0 + ms;
const t = simTrack("t", 200 * S);

describe("event table", () => {
  it("E1: the first observation after connecting credits no head; later ones credit only what fell between looks", () => {
    const script: Segment[] = [{ at: at(-100 * S), device: "d", track: t, pos: 0, status: "playing" }];
    const first = runScript(script, { times: [at(0)] });
    expect(first.sessions[0]?.pass?.listenedMs).toBe(0);
    expect(first.sessions[0]?.pass?.startedAt).toBe(at(-100 * S));
    const later = runScript(script, { times: [at(-105 * S), at(-95 * S)] });
    expect(later.sessions[0]?.pass?.listenedMs).toBe(5 * S);
  });

  it("E3: a forward seek earns at most the wall time", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(15 * S), device: "d", track: t, pos: 150 * S, status: "playing" },
    ];
    const st = runScript(script, { times: [at(0), at(10 * S), at(20 * S)] });
    expect(st.sessions[0]?.pass?.listenedMs).toBe(20 * S);
  });

  it("E6: 'playing' with a frozen position for two snapshots is a pause (no credit)", () => {
    const script: Segment[] = [{ at: at(0), device: "d", track: t, pos: 0, status: "playing" }];
    const st = runScript(script, { times: [at(0), at(10 * S), at(20 * S), at(30 * S)] });
    // The API keeps saying "playing" at 0:30 while nothing moves (a stalled stream).
    for (const x of [40, 50, 60])
      apply(st, { ...snapshotAt(script, at(30 * S)), observedAt: at(x * S) }, at(x * S));
    const pass = st.sessions[0]?.pass;
    expect(pass?.status).toBe("paused");
    expect(pass?.pausedSince).toBe(at(30 * S));
    expect(pass?.listenedMs).toBe(30 * S);
  });

  it("E11: a jump beyond HANDOFF_TOL on the new device is a new pass, and the paused one is superseded", () => {
    const script: Segment[] = [
      { at: at(0), device: "phone", track: t, pos: 0, status: "playing" },
      { at: at(120 * S), device: "phone", track: t, pos: 120 * S, status: "paused" },
      { at: at(300 * S), device: "laptop", track: t, pos: 20 * S, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(15 * 60 * S), every: 10 * S });
    expect(listensOf(st).map((l) => [l.deviceKey, l.reason])).toEqual([
      ["phone", "superseded"],
      ["laptop", "stop"],
    ]);
  });

  it("E9: a track change on a paused pass ends it at the pause, with no tail", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(50 * S), device: "d", track: t, pos: 50 * S, status: "paused" },
      { at: at(100 * S), device: "d", track: simTrack("u", 100 * S), pos: 0, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(300 * S), every: 10 * S });
    const skipped = skipsOf(st)[0];
    expect(skipped?.listenedMs).toBe(50 * S);
    expect(skipped?.endedAt).toBe(at(50 * S));
  });
});
