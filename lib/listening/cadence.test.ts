import { describe, expect, it } from "vitest";
import {
  apply,
  listensOf,
  MIN,
  newSim,
  S,
  type Segment,
  type SimState,
  simTrack,
  snapshotAt,
} from "@/test/helpers/player-sim";
import { nextPollDelay } from "./cadence";

// §8 cadence, driven the way the worker does it: each poll is scheduled by the previous one's delay.
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => T0 + ms;

function follow(script: Segment[], from: number, to: number): { st: SimState; delays: [number, number][] } {
  const st = newSim();
  const delays: [number, number][] = [];
  let t = from;
  while (t <= to) {
    apply(st, snapshotAt(script, t), t);
    const d = nextPollDelay({ provider: "spotify", sessions: st.sessions, meta: st.meta, now: t });
    delays.push([t - from, d]);
    t += d;
  }
  return { st, delays };
}

describe("poll cadence (§8)", () => {
  it("polls every 10 s while playing and just before and after a track's end", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: simTrack("a", 95 * S), pos: 0, status: "playing" },
    ];
    const { delays } = follow(script, at(1 * S), at(100 * S));
    expect(delays[0]?.[1]).toBe(10 * S);
    const nearEnd = delays.filter(([t]) => t >= 85 * S && t < 95 * S).map(([, d]) => d);
    expect(Math.min(...nearEnd)).toBeLessThan(10 * S);
  });

  it("backs off when idle: 15 s, then 30/60/120 s, then a 5 min heartbeat", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: simTrack("a", 60 * S), pos: 0, status: "playing" },
      { at: at(60 * S), status: "none" },
    ];
    const { delays } = follow(script, at(1 * S), at(90 * MIN));
    const delayAt = (m: number) => delays.find(([t]) => t >= m * MIN)?.[1];
    expect(delayAt(2)).toBeLessThanOrEqual(30 * S);
    expect(delayAt(10)).toBe(60 * S);
    expect(delayAt(20)).toBe(120 * S);
    expect(delayAt(60)).toBe(300 * S);
  });

  it("polls a reported pause every 30 s, a vanished one like idleness", () => {
    const t = simTrack("p", 200 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(50 * S), device: "d", track: t, pos: 50 * S, status: "paused" },
      { at: at(20 * MIN), status: "none" },
    ];
    const { delays } = follow(script, at(1 * S), at(3 * 3600 * S));
    expect(delays.find(([x]) => x >= 10 * MIN)?.[1]).toBe(30 * S);
    expect(delays.find(([x]) => x >= 2 * 3600 * S)?.[1]).toBe(300 * S);
  });
});

describe("a pause close to a track's end (§8)", () => {
  it("is looked at every 10 s: a resume would play the rest out before a 30 s look", () => {
    const t = simTrack("short", 35 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(10 * S), device: "d", track: t, pos: 10 * S, status: "paused" },
      { at: at(190 * S), device: "d", track: t, pos: 10 * S, status: "playing" },
      { at: at(215 * S), status: "none" },
    ];
    const { st, delays } = follow(script, at(1 * S), at(300 * S));
    expect(delays.find(([x]) => x >= 100 * S)?.[1]).toBe(10 * S);
    expect(listensOf(st)).toHaveLength(1); // 10 s before the pause and the resumed rest: a listen
  });

  it("after half an hour of pause, only every 30 s", () => {
    const t = simTrack("short", 35 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(10 * S), device: "d", track: t, pos: 10 * S, status: "paused" },
    ];
    const { delays } = follow(script, at(1 * S), at(40 * MIN));
    expect(delays.find(([x]) => x >= 35 * MIN)?.[1]).toBe(30 * S);
  });
});

describe("pauses on a player that goes away", () => {
  it("a counting paused pass is written once the player is gone, and not again on resume", () => {
    const t = simTrack("g", 200 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(150 * S), device: "d", track: t, pos: 150 * S, status: "paused" },
      { at: at(10 * MIN), status: "none" },
      { at: at(60 * MIN), device: "d", track: t, pos: 150 * S, status: "playing" },
    ];
    const { st } = follow(script, at(1 * S), at(70 * MIN));
    expect(listensOf(st)).toHaveLength(1);
    expect(st.passes).toHaveLength(1);
    expect(st.passes[0]?.endedAt).toBeLessThanOrEqual(at(151 * S));
  });

  it("4c with backed-off polls: a resume we saw late still earns the progress that fits the wall time", () => {
    const t = simTrack("late", 287 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(60 * S), device: "d", track: t, pos: 60 * S, status: "paused" },
      { at: at(5 * MIN), status: "none" },
      { at: at(8 * 3600 * S), device: "d", track: t, pos: 60 * S, status: "playing" },
    ];
    const { st } = follow(script, at(1 * S), at(8 * 3600 * S + 10 * MIN));
    expect(listensOf(st)).toHaveLength(1);
  });
});
