import { createHash } from "node:crypto";
import os from "node:os";
import type { TrackInput } from "@/lib/catalog/upsert";
import type { Connection } from "@/lib/connections/store";
import { decrypt } from "@/lib/crypto";
import { fromYnisonState, type YnisonState as ListenState } from "@/lib/listening/snapshot";
import type { Observation } from "@/lib/listening/types";
import { ProviderError } from "@/lib/providers/errors";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { YnisonWatcher } from "@/lib/providers/yandex/ynison/client";
import { ynisonDeviceId } from "@/lib/providers/yandex/ynison/device";
import type { YnisonState as FrameState } from "@/lib/providers/yandex/ynison/frames";
import { trackInput } from "./track-input";

type Entry = { watcher: YnisonWatcher; tokenHash: string };
const TRACK_CACHE_MAX = 5000;

/**
 * One long-lived passive Ynison socket per Yandex connection inside this worker (yandex-music-api.md §B):
 * pushes keep `watcher.state` current and each poll job runs the state machine on the latest state, so
 * the same processor handles both providers. Track metadata comes from REST once per track (cached).
 */
export class YnisonManager {
  private entries = new Map<number, Entry>();
  private tracks = new Map<string, TrackInput | null>();

  async observe(conn: Connection): Promise<Observation> {
    const token = decrypt(conn.accessTokenEnc);
    const w = this.watcher(conn.userId, token);
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
    const watcher = new YnisonWatcher({
      token,
      deviceId: ynisonDeviceId(userId, `worker-${os.hostname()}`),
      verifyToken: async () => (await new YandexClient(token).accountStatus()) !== null,
    });
    this.entries.set(userId, { watcher, tokenHash });
    watcher.start();
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
