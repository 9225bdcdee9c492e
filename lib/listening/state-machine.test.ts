import { describe, expect, it } from "vitest";
import {
  album,
  apply,
  at,
  listensOf,
  MIN,
  newSim,
  runScript,
  S,
  type Segment,
  simTrack,
  skipsOf,
  snapshotAt,
} from "@/test/helpers/player-sim";
import { DEFAULT_RULES, meetsRule } from "./rules";

// Scenario numbers refer to listening-rules.md §10; pauses, hand-offs and repeat-one are in
// state-machine.pause.test.ts.

describe("emit rule (§1)", () => {
  it.each([
    [25 * S, 25 * S, false],
    [30 * S, 30 * S, false],
    [31 * S, 16 * S, true],
    [200 * S, 99 * S, false],
    [200 * S, 100 * S, true],
    [480 * S, 240 * S, true],
    [480 * S, 239 * S, false],
  ])("duration %i, listened %i → %s", (dur, heard, expected) => {
    expect(meetsRule(heard, dur, DEFAULT_RULES)).toBe(expected);
  });
  it("unknown duration needs 4 minutes", () => {
    expect(meetsRule(239 * S, null, DEFAULT_RULES)).toBe(false);
    expect(meetsRule(240 * S, null, DEFAULT_RULES)).toBe(true);
  });
});

describe("scenario 1: normal playback", () => {
  const tracks = [simTrack("a", 200 * S), simTrack("b", 245 * S), simTrack("c", 170 * S)];
  const start = at(3 * S);
  const st = runScript(album(start, tracks), { from: at(0), to: at(12 * MIN), every: 10 * S });
  const listens = listensOf(st);
  it("emits 3 listens in order, with no skips", () => {
    expect(listens.map((l) => l.trackKey)).toEqual(["a", "b", "c"]);
    expect(skipsOf(st)).toHaveLength(0);
  });
  it("stamps startedAt within I + 3 s of the truth", () => {
    let truth = start;
    for (const [i, l] of listens.entries()) {
      expect(Math.abs(l.startedAt - truth)).toBeLessThanOrEqual(13 * S);
      truth += tracks[i]?.durationMs ?? 0;
    }
  });
  it("credits at most the wall time and marks completed passes", () => {
    for (const l of listens) {
      expect(l.listenedMs).toBeLessThanOrEqual(l.durationMs ?? 0);
      expect(l.completed).toBe(true);
    }
  });
  it("uses distinct live keys per pass", () => {
    expect(new Set(listens.map((l) => l.dedupKey)).size).toBe(3);
  });
});

describe("scenarios 2, 2b, 3, 7: skips, long tracks, short tracks, seeks", () => {
  const t = simTrack("t", 200 * S);
  const next = simTrack("n", 180 * S);
  const long = simTrack("long", 480 * S);
  const short = simTrack("short", 25 * S);
  const t4 = simTrack("t4", 240 * S);
  const cases: { name: string; script: Segment[]; listens: string[]; skips: string[] }[] = [
    {
      name: "2: skip at 20 %",
      script: [
        { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
        { at: at(40 * S), device: "d", track: next, pos: 0, status: "playing" },
      ],
      listens: ["n"],
      skips: ["t"],
    },
    {
      name: "2b: skip at 60 %",
      script: [
        { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
        { at: at(120 * S), device: "d", track: next, pos: 0, status: "playing" },
      ],
      listens: ["t", "n"],
      skips: [],
    },
    {
      name: "2b: an 8:00 track skipped at 4:10",
      script: [
        { at: at(0), device: "d", track: long, pos: 0, status: "playing" },
        { at: at(250 * S), device: "d", track: next, pos: 0, status: "playing" },
      ],
      listens: ["long", "n"],
      skips: [],
    },
    {
      name: "3: a 25 s track played fully",
      script: [
        { at: at(0), device: "d", track: short, pos: 0, status: "playing" },
        { at: at(25 * S), device: "d", track: next, pos: 0, status: "playing" },
      ],
      listens: ["n"],
      skips: ["short"],
    },
    {
      name: "7: seek back 30 s mid-track",
      script: [
        { at: at(0), device: "d", track: t4, pos: 0, status: "playing" },
        { at: at(95 * S), device: "d", track: t4, pos: 65 * S, status: "playing" },
        { at: at(270 * S), device: "d", track: next, pos: 0, status: "playing" },
      ],
      listens: ["t4", "n"],
      skips: [],
    },
    {
      name: "7b: seek forward from 0:30 to 3:30 of a 4:00 track",
      script: [
        { at: at(0), device: "d", track: t4, pos: 0, status: "playing" },
        { at: at(35 * S), device: "d", track: t4, pos: 210 * S, status: "playing" },
      ],
      listens: [],
      skips: ["t4"],
    },
    {
      name: "7c: seek to the start after 70 %, play through again",
      script: [
        { at: at(0), device: "d", track: t4, pos: 0, status: "playing" },
        { at: at(170 * S), device: "d", track: t4, pos: 0, status: "playing" },
      ],
      listens: ["t4", "t4"],
      skips: [],
    },
  ];
  it.each(cases)("$name", ({ script, listens, skips }) => {
    const end = Math.max(...script.map((s) => s.at)) + 10 * MIN;
    const st = runScript([...script], { from: at(-5 * S), to: end, every: 10 * S });
    expect(listensOf(st).map((l) => l.trackKey)).toEqual(listens);
    expect(skipsOf(st).map((l) => l.trackKey)).toEqual(skips);
  });
});

describe("scenario 8: worker restart", () => {
  it("8: down 20 s at 1:30 of 3:30 → 1 listen, nothing lost", () => {
    const t = simTrack("t", 210 * S);
    const script = album(at(0), [t, simTrack("u", 200 * S)]);
    const st = runScript(script, {
      from: at(-5 * S),
      to: at(10 * MIN),
      every: 10 * S,
      down: (x) => (x > at(90 * S) && x < at(110 * S) ? "skip" : false),
    });
    expect(listensOf(st).map((l) => l.trackKey)).toEqual(["t", "u"]);
    expect(listensOf(st)[0]?.listenedMs).toBeGreaterThan(200 * S);
  });
  it("8b: down 5 min across two track changes → seen tracks live, the gap flagged for reconciliation", () => {
    const tracks = [
      simTrack("a", 180 * S),
      simTrack("b", 120 * S),
      simTrack("c", 150 * S),
      simTrack("d", 200 * S),
    ];
    const st = runScript(album(at(0), tracks), {
      from: at(-5 * S),
      to: at(15 * MIN),
      every: 10 * S,
      down: (x) => (x > at(100 * S) && x < at(400 * S) ? "skip" : false),
    });
    // a: seen to 1:35 then its tail is bounded by the gap; b unseen; c seen from 1:40 on; d fully.
    expect(listensOf(st).map((l) => l.trackKey)).toEqual(["a", "c", "d"]);
    expect(st.reconcileAt).toEqual([at(405 * S)]);
  });
});

describe("scenario 9 family: our observations fail", () => {
  it("failures mid-track never finalise; the pass continues and reconciliation is flagged", () => {
    const t = simTrack("t", 210 * S);
    const script = album(at(0), [t]);
    const st = runScript(script, {
      from: at(-5 * S),
      to: at(10 * MIN),
      every: 10 * S,
      down: (x) => (x > at(60 * S) && x < at(120 * S) ? "fail" : false),
    });
    expect(listensOf(st)).toHaveLength(1);
    expect(skipsOf(st)).toHaveLength(0);
    expect(st.reconcileAt).toEqual([at(125 * S)]);
  });
  it("a failure during a track change neither loses nor doubles a listen", () => {
    const st = runScript(album(at(0), [simTrack("a", 100 * S), simTrack("b", 100 * S)]), {
      from: at(-5 * S),
      to: at(5 * MIN),
      every: 10 * S,
      down: (x) => (x > at(90 * S) && x < at(130 * S) ? "fail" : false),
    });
    expect(listensOf(st).map((l) => l.trackKey)).toEqual(["a", "b"]);
  });
});

describe("scenario 10: private sessions, ads, episodes, local files", () => {
  const t = simTrack("t", 200 * S);
  it("10: private session → nothing recorded", () => {
    const script: Segment[] = [{ at: at(0), device: "d", track: t, pos: 0, status: "private" }];
    const st = runScript(script, { from: at(0), to: at(10 * MIN), every: 10 * S });
    expect(st.passes).toHaveLength(0);
    expect(st.sessions).toHaveLength(0);
  });
  it("10: going private mid-pass finalises with the credit so far", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(150 * S), device: "d", track: t, pos: 150 * S, status: "private" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 10 * S });
    expect(st.passes.map((p) => [p.reason, p.counts])).toEqual([["private", true]]);
  });
  it("10b: an ad between tracks → the previous track finalised once, no listen for the ad", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(200 * S), device: "d", status: "ad" },
      { at: at(230 * S), device: "d", track: simTrack("u", 100 * S), pos: 0, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 10 * S });
    expect(listensOf(st).map((l) => [l.trackKey, l.completed])).toEqual([
      ["t", true],
      ["u", true],
    ]);
  });
  it("10c: a podcast episode → no listen, no session", () => {
    const script: Segment[] = [{ at: at(0), device: "d", status: "episode" }];
    const st = runScript(script, { from: at(0), to: at(30 * MIN), every: 10 * S });
    expect(st.passes).toHaveLength(0);
    expect(st.sessions).toHaveLength(0);
  });
  it("10e: crossfade, change 6 s before the end → previous track completed", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(194 * S), device: "d", track: simTrack("u", 100 * S), pos: 0, status: "playing" },
    ];
    const st = runScript(script, { from: at(-7 * S), to: at(10 * MIN), every: 10 * S });
    expect(st.passes[0]?.completed).toBe(true);
    expect(st.passes[0]?.listenedMs).toBe(200 * S);
  });
  it("a single transient none does not split a pass", () => {
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(58 * S), status: "none" },
      { at: at(62 * S), device: "d", track: t, pos: 62 * S, status: "playing" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 10 * S });
    expect(st.passes).toHaveLength(1);
    expect(listensOf(st)).toHaveLength(1);
  });
});

describe("scenario 14 (pure part): the same observation applied twice", () => {
  it("changes nothing the second time", () => {
    const t = simTrack("t", 100 * S);
    const script = album(at(0), [t, simTrack("u", 100 * S)]);
    const st = newSim();
    for (let x = at(0); x <= at(110 * S); x += 10 * S) apply(st, snapshotAt(script, x), x);
    const before = JSON.stringify(st.sessions);
    const n = st.passes.length;
    apply(st, snapshotAt(script, at(110 * S)), at(110 * S));
    expect(JSON.stringify(st.sessions)).toBe(before);
    expect(st.passes).toHaveLength(n);
  });
});

describe("an idle player found playing (§8)", () => {
  // Polls when the machine asks (meta.nextDueAt), as the worker does.
  function follow(script: Segment[], from: number, to: number) {
    const st = newSim();
    for (let t = from; t <= to; t = st.meta.nextDueAt ?? t + 10 * S) apply(st, snapshotAt(script, t), t);
    return st;
  }
  it("reconciles at once when a heartbeat finds music after an idle stretch, not again on the quick cadence", () => {
    const first = album(at(20 * MIN), [simTrack("a", 100 * S), simTrack("b", 200 * S)]);
    // after 20 s of silence the next album: polled every 15 s by then, so nothing can have been missed
    const second = album(at(20 * MIN + 320 * S), [simTrack("c", 150 * S)]);
    const st = follow([...first, ...second], at(0), at(40 * MIN));
    expect(st.reconcileAt).toHaveLength(1);
    const found = st.reconcileAt[0] ?? 0;
    expect(found).toBeGreaterThanOrEqual(at(20 * MIN));
    expect(found).toBeLessThanOrEqual(at(25 * MIN));
  });
});
