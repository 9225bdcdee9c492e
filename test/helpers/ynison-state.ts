import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";

/** A parsed Ynison state (frames.ts) for unit tests: a playing track, the frame received at `receivedAt`. */
export function ynisonState(over: Partial<YnisonState> & { receivedAt: number }): YnisonState {
  return {
    trackId: "10000003",
    albumId: null,
    playableType: "TRACK",
    title: "Song",
    coverUri: null,
    index: 0,
    queueLength: 1,
    paused: false,
    progressMs: 0,
    durationMs: 215_000,
    playbackSpeed: 1,
    repeat: "NONE",
    statusVersion: String(over.receivedAt),
    queueVersion: "1",
    statusDeviceId: "phone-7c1e",
    changedAt: over.receivedAt,
    activeDeviceId: "phone-7c1e",
    devices: [],
    serverTimestampMs: null,
    stopped: false,
    ...over,
  };
}
