import { randomInt } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { fakeControls } from "@/test/fakes/remote";
import { type WatcherStatus, YnisonWatcher } from "./client";
import type { YnisonState } from "./frames";

const fakes = fakeControls();
const watchers: YnisonWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
});

async function account() {
  const uid = randomInt(1e8, 9e8);
  const token = `y0_test_${uid}`;
  await fakes.yandex.addAccount({ token, uid });
  return { uid, token };
}

function watch(token: string, extra: Partial<ConstructorParameters<typeof YnisonWatcher>[0]> = {}) {
  const states: YnisonState[] = [];
  const statuses: WatcherStatus[] = [];
  const w = new YnisonWatcher({
    token,
    deviceId: `mt-test-${token.slice(-9)}`,
    backoffBaseMs: 100,
    onState: (s) => states.push(s),
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  watchers.push(w);
  w.start();
  return { w, states, statuses };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const QUEUE = [
  { id: "10000001", albumId: "2000001", title: "Одна" },
  { id: "10000003", albumId: "2000001", title: "Song" },
];

describe("YnisonWatcher against the fake", () => {
  it("registers passively, reads state pushes and ignores duplicate re-pushes", async () => {
    const { uid, token } = await account();
    await fakes.ynison.setPlayer(uid, { queue: QUEUE, index: 1, progressMs: 5000, durationMs: 215000 });
    const { w, states } = watch(token);
    await until(() => states.length === 1);
    expect(w.status).toBe("live");
    expect(states[0]).toMatchObject({ trackId: "10000003", paused: false, progressMs: 5000 });
    const [reg] = (await fakes.ynison.registrations(uid)) as Record<string, Record<string, unknown>>[];
    expect(reg?.activity_interception_type).toBe("DO_NOT_INTERCEPT_BY_DEFAULT");
    expect(reg?.update_full_state).toMatchObject({
      is_currently_active: false,
      device: { capabilities: { can_be_player: false } },
    });
    await fakes.ynison.push(uid);
    await fakes.ynison.setPlayer(uid, {
      queue: QUEUE,
      index: 1,
      progressMs: 9000,
      durationMs: 215000,
      paused: true,
    });
    await until(() => states.length === 2);
    expect(states[1]).toMatchObject({ paused: true, progressMs: 9000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(states).toHaveLength(2);
    // Never anything but the registration from a passive watcher.
    expect(await fakes.ynison.registrations(uid)).toHaveLength(1);
  });

  it("reconnects with backoff after an abrupt close, redoing the redirector step", async () => {
    const { uid, token } = await account();
    const { w } = watch(token);
    await until(() => w.status === "live");
    await fakes.ynison.dropConnections(uid);
    await until(() => w.status === "backoff");
    await until(() => w.status === "live");
    const conns = await fakes.ynison.connections(uid);
    expect(conns.filter((c) => c.kind === "redirector")).toHaveLength(2);
    expect(conns.filter((c) => c.kind === "state")).toHaveLength(2);
  });

  it("honours ynison-go-away-for-seconds before reconnecting", async () => {
    const { uid, token } = await account();
    const { w } = watch(token);
    await until(() => w.status === "live");
    const t0 = Date.now();
    await fakes.ynison.goAway(uid, 1);
    await until(() => w.status === "go_away");
    await until(() => w.status === "live", 4000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect((await fakes.ynison.connections(uid)).filter((c) => c.kind === "state")).toHaveLength(2);
  });

  it("stops on an authentication error and does not reconnect", async () => {
    const { uid, token } = await account();
    await fakes.ynison.setRedirector(uid, "error");
    const { w } = watch(token);
    await until(() => w.status === "auth_error");
    await new Promise((r) => setTimeout(r, 400));
    expect((await fakes.ynison.connections(uid)).length).toBe(1);
  });

  it("treats a redirect without host as an auth failure once the token check fails", async () => {
    const { w } = watch("y0_unknown_token", { verifyToken: async () => false });
    await until(() => w.status === "auth_error");
  });

  it("detects a dead connection by the pong timeout", async () => {
    const { uid, token } = await account();
    const { w } = watch(token, { keepAliveMs: 100, pongTimeoutMs: 100 });
    await until(() => w.status === "live");
    await fakes.ynison.setPongs(false);
    try {
      await until(() => w.status === "backoff", 3000);
    } finally {
      await fakes.ynison.setPongs(true);
    }
    await until(() => w.status === "live");
    expect(
      (await fakes.ynison.connections(uid)).filter((c) => c.kind === "state").length,
    ).toBeGreaterThanOrEqual(2);
  });
});
