/** The lab's own ground truth and scoring: if these are wrong, every row of the table is. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { counts, type LabTrack, VirtualPlayer } from "./player";
import { type Seen, score } from "./score";

const track = (n: number, seconds: number): LabTrack => ({
  key: `lab${n}`,
  title: `T${n}`,
  durationMs: seconds * 1000,
});
const T40 = track(1, 40);
const T60 = track(2, 60);
const T25 = track(3, 25);
const T0 = Date.UTC(2026, 0, 1);
const at = (s: number) => vi.setSystemTime(T0 + s * 1000);

beforeEach(() => {
  vi.useFakeTimers();
  at(0);
});
afterEach(() => vi.useRealTimers());

describe("VirtualPlayer", () => {
  it("plays a queue through, the last track standing paused at its end", () => {
    const p = new VirtualPlayer();
    p.play([T40, T25, T60]);
    at(200);
    const v = p.view();
    expect(v.playing).toBe(false);
    expect(v.positionMs).toBe(60_000);
    expect(p.passes.map((x) => [x.track.title, x.endedAt - T0, x.listenedMs])).toEqual([
      ["T1", 40_000, 40_000],
      ["T3", 65_000, 25_000],
      ["T2", 125_000, 60_000],
    ]);
    expect(p.passes.map(counts)).toEqual([true, false, true]);
  });

  it("repeat-one: one pass per play-through; a pause earns nothing; a forward seek earns nothing", () => {
    const p = new VirtualPlayer();
    p.setRepeatOne(true);
    p.play([T40]);
    at(100);
    p.setRepeatOne(false);
    expect(p.passes.map((x) => x.startedAt - T0)).toEqual([0, 40_000]);
    p.pause(); // 20 s into the third pass
    at(400);
    p.resume();
    at(405);
    p.seek(35_000);
    at(420);
    p.advance();
    expect(p.passes).toHaveLength(3);
    expect(p.passes[2]?.listenedMs).toBe(30_000);
    expect(p.passes[2]?.startedAt).toBe(T0 + 80_000);
  });

  it("back to the start of a pass that already counts is a new pass (§3 E7)", () => {
    const p = new VirtualPlayer();
    p.play([T60]);
    at(45);
    p.seek(0);
    at(200);
    p.advance();
    expect(p.passes.map((x) => [x.startedAt - T0, x.listenedMs])).toEqual([
      [0, 45_000],
      [45_000, 60_000],
    ]);
  });
});

describe("score", () => {
  const seen = (title: string, startS: number, firstSeenS: number, id: number): Seen => ({
    id,
    title,
    startedAt: T0 + startS * 1000,
    source: "spotify",
    firstSeenAt: T0 + firstSeenS * 1000,
  });

  it("matches one to one and tells doubled, extra and lost apart", () => {
    const p = new VirtualPlayer();
    p.setRepeatOne(true);
    p.play([T40]);
    at(80); // two passes of T1
    p.stop();
    const sc = score(p.passes, [
      seen("T1", 1, 45, 1),
      seen("T1", 2, 50, 2), // the first play again
      seen("T3", 0, 50, 3), // never played
    ]);
    expect(sc).toMatchObject({ trueListens: 2, recorded: 3, lost: 1, doubled: 1, extra: 1 });
    expect(sc.latencies).toEqual([5]);
    expect(sc.startErrors).toEqual([1]);
  });

  it("counts latency from the end of an outage; without history, a play wholly inside it is unobservable", () => {
    const p = new VirtualPlayer();
    p.play([T40, T60, T40]); // T1 0–40, T2 40–100, T1 100–140
    at(150);
    p.stop();
    const downFrom40To110 = [{ from: T0 + 30_000, to: T0 + 110_000, app: true }];
    const records = [seen("T1", 0, 112, 1), seen("T1", 100, 142, 3)];
    const spotify = score(p.passes, records, downFrom40To110);
    expect(spotify).toMatchObject({ trueListens: 3, lost: 1, unobservable: 0 });
    expect(spotify.latencies).toEqual([2, 2]); // T1 ended at 40 while down: counted from 110, not 40
    const yandex = score(p.passes, records, downFrom40To110, { history: false });
    expect(yandex).toMatchObject({ trueListens: 2, lost: 0, unobservable: 1 });
  });
});
