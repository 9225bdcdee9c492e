import type { TrackInput } from "@/lib/catalog/upsert";
import type { Connection } from "@/lib/connections/store";
import { decrypt } from "@/lib/crypto";
import { schedulePolling } from "@/lib/jobs/enqueue";
import { fromYnisonState } from "@/lib/listening/snapshot";
import type { Observation } from "@/lib/listening/types";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/errors";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { type WatcherOptions, type WatcherStatus, YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import { ynisonDeviceId } from "@/lib/providers/yandex/ynison/device";
import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";
import { YnisonSockets } from "@/lib/providers/yandex/ynison/sockets";
import { trackInput } from "./track-input";

const TRACK_CACHE_MAX = 5000;

/**
 * What a poll needs of a user's Ynison socket: its status, the latest merged state, and since when the
 * socket has been live (every change since then was pushed, docs/listening-rules.md §3.5).
 */
export type WatchedState = {
  status: WatcherStatus;
  state: YnisonState | undefined;
  liveSince?: number;
  /** The states pushed lately (YnisonWatcher.recent). */
  recent?: YnisonWatcher["recent"];
};

export const watched = (w: YnisonWatcher): WatchedState => ({
  status: w.status,
  state: w.state,
  liveSince: w.liveSince,
  recent: w.recent,
});

/** Where states come from when the sockets live elsewhere (the instance's Ynison leader, worker/ynison-leader.ts). */
export type YnisonStates = { read(userId: number): Promise<WatchedState> };

/**
 * Long-lived passive Ynison sockets (yandex-music-api.md §B): pushes keep each user's state current and each
 * poll job runs the state machine on the latest one, so the same processor handles both providers. Without
 * `shared`, the sockets are this process's own (no-Redis mode, one process); with it, the instance's leader
 * holds them and this process only reads. Track metadata comes from REST once per track (cached).
 */
export class YnisonManager {
  private sockets = new YnisonSockets((userId, token) =>
    workerWatcher(userId, token, { onState: () => this.wake(userId) }),
  );
  private tracks = new Map<string, TrackInput | null>();
  private wake: (userId: number) => void;

  /**
   * `wake` runs a user's poll soon after a frame of their own sockets (in-process mode: the inline runner,
   * which `schedulePolling` reaches without Redis), so a change is applied within a second, whatever the
   * cadence. With `shared` states the leader wakes the polls instead.
   */
  constructor(
    private shared?: YnisonStates,
    wake: (userId: number) => Promise<void> = (userId) =>
      schedulePolling({ userId, provider: "yandex" }, { immediately: true }, null),
  ) {
    this.wake = debounceWake(wake);
  }

  async observe(conn: Connection): Promise<Observation> {
    const token = decrypt(conn.accessTokenEnc);
    const w = this.shared
      ? await this.shared.read(conn.userId)
      : watched(this.sockets.watch(conn.userId, token));
    if (w.status === "auth_error") {
      this.stop(conn.userId);
      throw new ProviderError("yandex", "auth", "Ynison rejected the token");
    }
    const s = w.state;
    if (!s) return { failure: `ynison ${w.status}` };
    const now = Date.now();
    // Each pushed state at its receipt, then the latest one extrapolated to now (docs/listening-rules.md §3.5).
    const frames = [];
    for (const r of w.recent ?? [])
      frames.push(
        fromYnisonState(r.state, r.state.receivedAt, {
          track: await this.trackOf(token, r.state),
          watchedSince: r.liveSince,
        }),
      );
    const snapshot = fromYnisonState(s, now, {
      track: await this.trackOf(token, s),
      watchedSince: w.liveSince ?? null,
    });
    return { snapshot, frames };
  }

  private trackOf(token: string, s: YnisonState): Promise<TrackInput | null> | null {
    return s.trackId && s.playableType === "TRACK" ? this.track(token, s.trackId) : null;
  }

  stop(userId: number): void {
    this.sockets.stop(userId);
  }

  stopAll(): void {
    this.sockets.stopAll();
  }

  private async track(token: string, id: string): Promise<TrackInput | null> {
    if (this.tracks.has(id)) return this.tracks.get(id) ?? null;
    const [t] = await new YandexClient(token).tracks([id]);
    // Podcasts and other non-music content are not listens (yandex-music-api.md: only "music" counts).
    const input = t && (t.contentType ?? "music") === "music" ? trackInput(t) : null;
    if (this.tracks.size >= TRACK_CACHE_MAX) this.tracks.delete(this.tracks.keys().next().value as string);
    this.tracks.set(id, input);
    return input;
  }
}

/**
 * The worker's socket for one user, not yet started (YnisonSockets starts it). One device id per user for
 * the whole instance, whichever process holds it: only one does at a time (inline mode, or the leader), and
 * a second socket would displace the first.
 */
export function workerWatcher(
  userId: number,
  token: string,
  on: Pick<WatcherOptions, "onState" | "onStatus"> = {},
): YnisonWatcher {
  return new YnisonWatcher({
    token,
    deviceId: ynisonDeviceId(userId, "worker"),
    verifyToken: async () => (await new YandexClient(token).accountStatus()) !== null,
    ...on,
  });
}

// A gesture comes as a burst of frames (a seek: pause, play, the new position): one poll after it settles.
const WAKE_DEBOUNCE_MS = 300;

/** Per user, `wake` once the frames have paused for WAKE_DEBOUNCE_MS; its failures are logged, not thrown. */
export function debounceWake(wake: (userId: number) => Promise<void>): (userId: number) => void {
  const timers = new Map<number, NodeJS.Timeout>();
  return (userId) => {
    clearTimeout(timers.get(userId));
    const timer = setTimeout(() => {
      timers.delete(userId);
      wake(userId).catch((err: unknown) =>
        log.warn("could not wake a Yandex poll", { userId, err: String(err) }),
      );
    }, WAKE_DEBOUNCE_MS);
    timer.unref?.();
    timers.set(userId, timer);
  };
}
