import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";
import { fakeControls } from "./remote";

/**
 * The fake's service-faithful mode, as our real client sees it over WebSockets: frames only on change
 * (yandex-music-api.md B.2, B.7), the index kept across pause, seek and repeat, the queue's end.
 */
const fakes = fakeControls();
const watchers: YnisonWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

async function listen() {
  const uid = randomInt(1e8, 9e8);
  const token = `y0_faithful_${uid}`;
  await fakes.yandex.addAccount({ token, uid });
  const states: YnisonState[] = [];
  const w = new YnisonWatcher({ token, deviceId: `mt-f-${uid}`, onState: (s) => states.push(s) });
  watchers.push(w);
  return { uid, states, start: () => w.start() };
}

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};
const Q = (ms: number) => [
  { id: "90000001", title: "A", durationMs: ms },
  { id: "90000002", title: "B", durationMs: ms },
];

describe("fake Ynison, faithful mode", () => {
  it("pushes on change only: next track at its end, the queue's end paused at the duration, then silence", async () => {
    const { uid, states, start } = await listen();
    start();
    await until(() => states.length === 1);
    expect(states[0]?.trackId).toBeNull();
    await fakes.ynison.load(uid, { queue: Q(600), index: 0 });
    await until(() => states.length >= 4, 4_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(states.slice(1).map((s) => [s.index, s.paused, s.progressMs])).toEqual([
      [0, false, 0],
      [1, false, 0],
      [1, true, 600],
    ]);
    // Restating the same state is no change: nothing is pushed.
    await fakes.ynison.setPlayer(uid, { queue: Q(600), index: 1, paused: true, progressMs: 600 });
    await new Promise((r) => setTimeout(r, 200));
    expect(states).toHaveLength(4);
  });

  it("keeps the index across pause, seek and repeat ONE; a paused queue pushes nothing until play", async () => {
    const { uid, states, start } = await listen();
    await fakes.ynison.load(uid, { queue: Q(700), index: 1, paused: true });
    start();
    await until(() => states.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(states).toHaveLength(1);
    await fakes.ynison.setRepeat(uid, "ONE");
    await fakes.ynison.play(uid);
    await fakes.ynison.seek(uid, 300);
    await until(() => states.filter((s) => s.progressMs === 0 && !s.paused).length >= 2, 3_000);
    expect(new Set(states.map((s) => s.index))).toEqual(new Set([1]));
    expect(states.at(-1)?.repeat).toBe("ONE");
    const truth = await fakes.ynison.truth(uid);
    expect(truth.log.map((e) => e.kind)).toEqual(expect.arrayContaining(["load", "play", "seek", "repeat"]));
  });

  it("a stale state stays frozen with its old timestamp until something happens", async () => {
    const { uid, states, start } = await listen();
    const old = Date.now() - 3_600_000;
    await fakes.ynison.stale(uid, { queue: Q(200_000), index: 0, progressMs: 5_000, changedAt: old });
    start();
    await until(() => states.length === 1);
    expect(states[0]).toMatchObject({ paused: false, progressMs: 5_000, changedAt: old });
  });
});
