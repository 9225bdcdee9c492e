import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { JobsContext } from "@/lib/jobs/queues";
import { fakeControls } from "@/test/fakes/remote";
import { dropJobs, REDIS_URL, testJobs, until } from "@/test/helpers/jobs";
import { yandexUser } from "@/test/helpers/yandex-connect";
import { sharedYnisonStates, YnisonLeader } from "./ynison-leader";
import { YnisonManager } from "./ynison-manager";

/**
 * Several workers on one Redis: only the leader holds a user's Ynison socket (one device id, one socket, as
 * Ynison demands), any worker's poll reads the leader's state, and when the leader is cut off another takes
 * over without two sockets ever being open at once. Against the suite's fake Ynison, on the real Redis.
 */
const fakes = fakeControls();
const QUEUE = [
  { id: "10000001", albumId: "2000001", title: "Одна" },
  { id: "10000003", albumId: "2000001", title: "Song" },
];
let ctx: JobsContext;
const redises: Redis[] = [];
const leaders: YnisonLeader[] = [];

beforeAll(() => {
  ctx = testJobs();
});
afterAll(async () => {
  await Promise.all(leaders.map((l) => l.stop()));
  for (const r of redises) r.disconnect();
  await dropJobs(ctx);
});

function worker() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  redises.push(redis);
  const leader = new YnisonLeader(redis, ctx.prefix, getDb(), { tickMs: 150, leaseMs: 1_000 });
  leaders.push(leader);
  leader.start();
  return { redis, leader, ynison: new YnisonManager(sharedYnisonStates(redis, ctx.prefix)) };
}

/** No two state sockets of one device id were ever open at the same time. */
function neverOverlapping(conns: { deviceId: string; openedAt: number; closedAt?: number }[]) {
  const sorted = [...conns].sort((x, y) => x.openedAt - y.openedAt);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev?.deviceId === cur?.deviceId)
      expect(prev?.closedAt ?? Infinity).toBeLessThanOrEqual(cur?.openedAt ?? 0);
  }
}

describe("Ynison leader", () => {
  it("one socket per user for all workers; every worker's poll sees it; a cut-off leader is replaced", async () => {
    const { uid, conn } = await yandexUser({ prefix: "ylead" });
    await fakes.ynison.setPlayer(uid, { queue: QUEUE, index: 1, progressMs: 5_000, durationMs: 215_000 });
    const w = [worker(), worker(), worker()];
    // The first poll finds no state yet, and asks for the user.
    expect(await w[2]?.ynison.observe(conn)).toMatchObject({ failure: expect.any(String) });

    for (const x of w) {
      const obs = await until(async () => {
        const o = await x.ynison.observe(conn);
        return "snapshot" in o && o.snapshot.kind === "track" ? o.snapshot : null;
      });
      expect(obs).toMatchObject({ trackKey: "10000003", status: "playing" });
    }
    const leading = w.filter((x) => x.leader.isLeader);
    expect(leading).toHaveLength(1);
    let states = (await fakes.ynison.connections(uid)).filter((c) => c.kind === "state");
    expect(states).toHaveLength(1);

    // The leader loses Redis: it closes its socket; another worker leads once the lease lapses.
    const old = leading[0];
    old?.redis.disconnect();
    await until(async () => w.some((x) => x !== old && x.leader.isLeader), 5_000);
    expect(old?.leader.isLeader).toBe(false);
    await fakes.ynison.setPlayer(uid, {
      queue: QUEUE,
      index: 0,
      progressMs: 1_000,
      durationMs: 198_000,
      paused: true,
    });
    const reader = w.find((x) => x !== old);
    const after = await until(async () => {
      const o = await reader?.ynison.observe(conn);
      return o && "snapshot" in o && o.snapshot.trackKey === "10000001" ? o.snapshot : null;
    });
    expect(after.status).toBe("paused");
    states = (await fakes.ynison.connections(uid)).filter((c) => c.kind === "state");
    expect(states).toHaveLength(2);
    expect(states.filter((c) => !c.closedAt)).toHaveLength(1);
    neverOverlapping(states);
  });
});
