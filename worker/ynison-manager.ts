import { createHash } from "node:crypto";
import type { TrackInput } from "@/lib/catalog/upsert";
import type { Connection } from "@/lib/connections/store";
import { decrypt } from "@/lib/crypto";
import { fromYnisonState, type YnisonState as ListenState } from "@/lib/listening/snapshot";
import type { Observation } from "@/lib/listening/types";
import { ProviderError } from "@/lib/providers/errors";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { type WatcherOptions, type WatcherStatus, YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import { ynisonDeviceId } from "@/lib/providers/yandex/ynison/device";
import type { YnisonState as FrameState } from "@/lib/providers/yandex/ynison/frames";
import { trackInput } from "./track-input";

type Entry = { watcher: YnisonWatcher; tokenHash: string };
const TRACK_CACHE_MAX = 5000;

/** What a poll needs of a user's Ynison socket: its status and the latest merged state. */
export type WatchedState = { status: WatcherStatus; state: FrameState | undefined };

/** Where states come from when the sockets live elsewhere (the instance's Ynison leader, worker/ynison-leader.ts). */
export type YnisonStates = { read(userId: number): Promise<WatchedState> };

/**
 * Long-lived passive Ynison sockets (yandex-music-api.md §B): pushes keep each user's state current and each
 * poll job runs the state machine on the latest one, so the same processor handles both providers. Without
 * `shared`, the sockets are this process's own (no-Redis mode, one process); with it, the instance's leader
 * holds them and this process only reads. Track metadata comes from REST once per track (cached).
 */
export class YnisonManager {
  private entries = new Map<number, Entry>();
  private tracks = new Map<string, TrackInput | null>();

  constructor(private shared?: YnisonStates) {}

  async observe(conn: Connection): Promise<Observation> {
    const token = decrypt(conn.accessTokenEnc);
    const w = this.shared ? await this.shared.read(conn.userId) : this.watcher(conn.userId, token);
    if (w.status === "auth_error") {
      this.stop(conn.userId);
      throw new ProviderError("yandex", "auth", "Ynison rejected the token");
    }
    const s = w.state;
    if (!s) return { failure: `ynison ${w.status}` };
    const track = s.trackId ? await this.track(token, s.trackId) : null;
    return { snapshot: fromYnisonState(toListenState(s, track), Date.now()) };
  }

  stop(userId: number): void {
    this.entries.get(userId)?.watcher.stop();
    this.entries.delete(userId);
  }

  stopAll(): void {
    for (const id of [...this.entries.keys()]) this.stop(id);
  }

  private watcher(userId: number, token: string): YnisonWatcher {
    const tokenHash = createHash("sha256").update(token).digest("hex");
    const e = this.entries.get(userId);
    if (e && e.tokenHash === tokenHash) return e.watcher;
    if (e) this.stop(userId);
    const watcher = startWatcher(userId, token);
    this.entries.set(userId, { watcher, tokenHash });
    return watcher;
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
 * The worker's socket for one user. One device id per user for the whole instance, whichever process holds
 * it: only one does at a time (inline mode, or the leader), and a second socket would displace the first.
 */
export function startWatcher(
  userId: number,
  token: string,
  on: Pick<WatcherOptions, "onState" | "onStatus"> = {},
): YnisonWatcher {
  const watcher = new YnisonWatcher({
    token,
    deviceId: ynisonDeviceId(userId, "worker"),
    verifyToken: async () => (await new YandexClient(token).accountStatus()) !== null,
    ...on,
  });
  watcher.start();
  return watcher;
}

function toListenState(s: FrameState, track: TrackInput | null): ListenState {
  const skew = s.serverTimestampMs ? s.receivedAt - s.serverTimestampMs : 0;
  return {
    frameAt: s.receivedAt,
    playableId: s.trackId,
    playableType: s.playableType,
    durationMs: s.durationMs || null,
    progressMs: s.progressMs,
    paused: s.paused,
    playbackSpeed: s.playbackSpeed,
    statusTimestampMs: s.changedAt ? s.changedAt + skew : null,
    deviceId: s.activeDeviceId === undefined ? s.statusDeviceId || null : s.activeDeviceId,
    repeatMode: s.repeat,
    sentinel: s.stopped,
    track,
    title: s.title,
  };
}
