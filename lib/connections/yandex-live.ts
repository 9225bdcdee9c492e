/**
 * Yandex "now playing" for the web process: one lazily started, passive Ynison watcher per user who is
 * looking at the dashboard, stopped after two idle minutes. Pushes keep it current, so a poll of
 * /api/now-playing costs no Yandex call, and we never connect per poll (B.3). The web watcher uses its own
 * device id (role "web-<host>"), distinct from the scrobbler's, so the two never displace each other.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import { ynisonDeviceId } from "@/lib/providers/yandex/ynison/device";

const IDLE_MS = 120_000;
const FIRST_FRAME_WAIT_MS = 2500;

type Entry = { watcher: YnisonWatcher; tokenHash: string; lastUsed: number; firstFrame: Promise<void> };
const holder = globalThis as unknown as {
  __mtYandexLive?: Map<number, Entry>;
  __mtYandexSweep?: NodeJS.Timeout;
};

function entries(): Map<number, Entry> {
  holder.__mtYandexLive ??= new Map();
  if (!holder.__mtYandexSweep) {
    holder.__mtYandexSweep = setInterval(() => {
      for (const [userId, e] of entries()) if (Date.now() - e.lastUsed > IDLE_MS) stopYandexLive(userId);
    }, 30_000);
    holder.__mtYandexSweep.unref?.();
  }
  return holder.__mtYandexLive;
}

/** The user's live watcher (started on first use); waits briefly for the first state frame. */
export async function yandexLive(userId: number, token: string): Promise<YnisonWatcher> {
  const map = entries();
  const tokenHash = createHash("sha256").update(token).digest("hex");
  let e = map.get(userId);
  if (e && e.tokenHash !== tokenHash) {
    stopYandexLive(userId);
    e = undefined;
  }
  if (!e) {
    let resolveFirst: () => void = () => {};
    const firstFrame = new Promise<void>((r) => {
      resolveFirst = r;
    });
    const watcher = new YnisonWatcher({
      token,
      deviceId: ynisonDeviceId(userId, `web-${os.hostname()}`),
      onState: () => resolveFirst(),
      onStatus: (s) => {
        if (s === "auth_error" || s === "go_away" || s === "stopped") resolveFirst();
      },
      verifyToken: async () => (await new YandexClient(token).accountStatus()) !== null,
    });
    e = { watcher, tokenHash, lastUsed: Date.now(), firstFrame };
    map.set(userId, e);
    watcher.start();
  }
  e.lastUsed = Date.now();
  await Promise.race([e.firstFrame, new Promise((r) => setTimeout(r, FIRST_FRAME_WAIT_MS))]);
  return e.watcher;
}

export function stopYandexLive(userId: number): void {
  const map = holder.__mtYandexLive;
  const e = map?.get(userId);
  if (!e) return;
  e.watcher.stop();
  map?.delete(userId);
}
