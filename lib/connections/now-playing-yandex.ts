import type { Db } from "@/db/client";
import { decrypt } from "@/lib/crypto";
import { ProviderError } from "@/lib/providers/errors";
import type { ProviderTrack } from "@/lib/providers/types";
import { coverUrl } from "@/lib/providers/yandex/map";
import { YandexClient } from "@/lib/providers/yandex/rest";
import { isPlayingNow, positionAt } from "@/lib/providers/yandex/ynison/frames";
import { TtlCache } from "./cache";
import type { ProviderResult } from "./now-playing";
import type { Connection } from "./store";
import { yandexLive } from "./yandex-live";

const STALE_PAUSE_MS = 6 * 3600_000;
// Track metadata changes rarely; one /tracks call per track per hour per process.
const tracks = new TtlCache<ProviderTrack | undefined>(3600_000);

/** Yandex: the live Ynison state (B.6) plus cached track metadata from REST. */
export async function yandexNowPlaying(_db: Db, conn: Connection): Promise<ProviderResult> {
  const token = decrypt(conn.accessTokenEnc);
  const watcher = await yandexLive(conn.userId, token);
  if (watcher.status === "auth_error") throw new ProviderError("yandex", "auth", "Ynison rejected the token");
  const s = watcher.state;
  if (!s) return { status: "loading", reason: watcher.status === "go_away" ? "unavailable" : undefined };
  const device = s.devices.find((d) => d.id === s.activeDeviceId);
  const deviceOut = device ? { id: device.id, name: device.title, type: device.type } : null;
  if (!s.trackId || s.playableType !== "TRACK")
    return { status: "empty", is_playing: false, device: deviceOut };
  const now = Date.now();
  const playing = isPlayingNow(s, now);
  // A paused state from many hours ago is an old session, not something paused right now.
  if (!playing && s.changedAt && now - s.changedAt > STALE_PAUSE_MS)
    return { status: "empty", is_playing: false };
  const progressMs = positionAt(s, now);
  const meta = await tracks
    .get(s.trackId, async () => (await new YandexClient(token).tracks([s.trackId ?? ""]))[0])
    .catch(() => undefined);
  const track: ProviderTrack = meta ?? {
    provider: "yandex",
    externalId: s.trackId,
    title: s.title ?? "",
    artists: [],
    durationMs: s.durationMs || null,
    coverUrl: coverUrl(s.coverUri),
    isLocal: false,
  };
  return {
    status: playing ? "ok" : "paused",
    is_playing: playing,
    progress_ms: progressMs,
    device: deviceOut,
    track: { ...track, durationMs: s.durationMs || track.durationMs, progressMs },
  };
}
