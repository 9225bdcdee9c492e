/**
 * Yandex "now playing" for the web process: one lazily started, passive Ynison watcher per user who is
 * looking at the dashboard, stopped after two idle minutes. Pushes keep it current, so a poll of
 * /api/now-playing costs no Yandex call, and we never connect per poll (B.3). The web watcher uses its own
 * device id (role "web-<host>"), distinct from the scrobbler's, so the two never displace each other.
 */
import os from "node:os";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import { ynisonDeviceId } from "@/lib/providers/yandex/ynison/device";
import { YnisonSockets } from "@/lib/providers/yandex/ynison/sockets";

const IDLE_MS = 120_000;
const FIRST_FRAME_WAIT_MS = 2500;

// One registry per process, kept on globalThis so Next's module reloads in development reuse it.
const holder = globalThis as unknown as { __mtYandexLive?: YnisonSockets; __mtYandexSweep?: NodeJS.Timeout };

function sockets(): YnisonSockets {
  holder.__mtYandexLive ??= new YnisonSockets(
    (userId, token) =>
      new YnisonWatcher({
        token,
        deviceId: ynisonDeviceId(userId, `web-${os.hostname()}`),
        verifyToken: async () => (await new YandexClient(token).accountStatus()) !== null,
      }),
  );
  if (!holder.__mtYandexSweep) {
    holder.__mtYandexSweep = setInterval(() => holder.__mtYandexLive?.stopIdle(IDLE_MS), 30_000);
    holder.__mtYandexSweep.unref?.();
  }
  return holder.__mtYandexLive;
}

/** The user's live watcher (started on first use); waits briefly for the first state frame. */
export async function yandexLive(userId: number, token: string): Promise<YnisonWatcher> {
  const watcher = sockets().watch(userId, token);
  await watcher.ready(FIRST_FRAME_WAIT_MS);
  return watcher;
}

export function stopYandexLive(userId: number): void {
  holder.__mtYandexLive?.stop(userId);
}
