import { describe, expect, it } from "vitest";
import type { YnisonState } from "@/lib/providers/yandex/ynison/frames";
import { ynisonState } from "@/test/helpers/ynison-state";
import { fromSpotifyPlayer, fromYnisonState } from "./snapshot";

const NOW = Date.UTC(2026, 0, 2, 0, 0, 0);

const item = {
  type: "track",
  id: "1Trk",
  name: "Song",
  duration_ms: 233000,
  is_local: false,
  artists: [{ id: "1Art", name: "Artist", type: "artist" }],
  album: { id: "1Alb", name: "Album", images: [{ url: "https://i/640", height: 640, width: 640 }] },
  external_ids: { isrc: "GBAAA0000001" },
};
const body = (over: Record<string, unknown> = {}) => ({
  device: { id: "9a3c", is_active: true, is_private_session: false, name: "Kitchen", type: "Speaker" },
  repeat_state: "off",
  timestamp: 1767312000000,
  progress_ms: 42000,
  is_playing: true,
  item,
  currently_playing_type: "track",
  actions: { disallows: { resuming: true } },
  ...over,
});

describe("fromSpotifyPlayer", () => {
  it("maps a playing track, using our clock rather than Spotify's timestamp", () => {
    const s = fromSpotifyPlayer(body(), NOW);
    expect(s).toMatchObject({
      observedAt: NOW,
      status: "playing",
      deviceKey: "9a3c",
      kind: "track",
      trackKey: "1Trk",
      durationMs: 233000,
      positionMs: 42000,
      repeatOne: false,
      isPrivate: false,
    });
    expect(s.track).toMatchObject({
      provider: "spotify",
      externalId: "1Trk",
      isrc: "GBAAA0000001",
      album: { title: "Album", externalId: "1Alb", coverUrl: "https://i/640" },
      artists: [{ name: "Artist", externalId: "1Art" }],
    });
  });
  it.each([
    ["204", null, { status: "none", kind: "none", deviceKey: null }],
    ["paused", body({ is_playing: false }), { status: "paused", kind: "track" }],
    ["repeat one", body({ repeat_state: "track" }), { repeatOne: true }],
    ["private", body({ device: { id: "x", is_private_session: true } }), { isPrivate: true }],
    ["ad", body({ item: null, currently_playing_type: "ad" }), { status: "none", kind: "ad" }],
    [
      "episode",
      body({ item: { type: "episode", id: "e1", duration_ms: 1 }, currently_playing_type: "episode" }),
      { status: "none", kind: "episode", trackKey: null },
    ],
    ["unknown", body({ item: null, currently_playing_type: "unknown" }), { status: "none", kind: "unknown" }],
    [
      "device without id",
      body({ device: { id: null, name: "Kitchen" } }),
      { deviceKey: expect.stringMatching(/^name:/) },
    ],
    [
      "currently-playing without a device",
      body({ device: null }),
      { deviceKey: "device:unknown", status: "playing" },
    ],
  ])("%s", (_name, input, expected) => {
    expect(fromSpotifyPlayer(input, NOW)).toMatchObject(expected);
  });
  it("keys local files by metadata and makes no catalog id for them", () => {
    const local = { ...item, id: null, is_local: true, uri: "spotify:local:Artist:Album:Song:233" };
    const a = fromSpotifyPlayer(body({ item: local }), NOW);
    const b = fromSpotifyPlayer(body({ item: { ...local, name: "Song " } }), NOW + 10_000);
    expect(a.kind).toBe("local");
    expect(a.trackKey).toMatch(/^meta:/);
    expect(a.trackKey).toBe(b.trackKey);
    expect(a.track).toMatchObject({ provider: "local", externalId: null });
    expect(a.track?.artists[0]?.externalId).toBeUndefined();
  });
  it("rejects a body that is not a playback state", () => {
    expect(() => fromSpotifyPlayer({ item: "nope" }, NOW)).toThrow();
  });
});

describe("fromYnisonState", () => {
  const state = (over: Partial<YnisonState> = {}) =>
    ynisonState({ receivedAt: NOW - 5_000, progressMs: 61_234, ...over });
  it("extrapolates the position of a playing state and predicts its end", () => {
    const s = fromYnisonState(state(), NOW, { watchedSince: NOW - 60_000 });
    expect(s).toMatchObject({
      status: "playing",
      trackKey: "10000003",
      positionMs: 66_234,
      deviceKey: "phone-7c1e",
      playingSince: NOW - 5_000,
      watchedSince: NOW - 60_000,
    });
    expect(s.endsAt).toBe(NOW - 5_000 + 215_000 - 61_234);
    expect(s.track).toMatchObject({ provider: "yandex", externalId: "10000003", title: "Song" });
  });
  it("does not move a paused position and clamps to the duration", () => {
    expect(fromYnisonState(state({ paused: true }), NOW).positionMs).toBe(61_234);
    expect(fromYnisonState(state(), NOW + 3_600_000).positionMs).toBe(215_000);
  });
  it("uses the receive time when the version timestamp is empty", () => {
    expect(fromYnisonState(state({ changedAt: null, receivedAt: NOW - 1_000 }), NOW).positionMs).toBe(62_234);
  });
  it("corrects the version timestamp for the server's clock skew", () => {
    // The server's clock runs 4 s ahead: its "5 s ago" stamp is 1 s ago on ours.
    const skewed = state({
      changedAt: NOW - 1_000 + 4_000,
      serverTimestampMs: NOW - 1_000 + 4_000,
      receivedAt: NOW - 1_000,
    });
    expect(fromYnisonState(skewed, NOW)).toMatchObject({ positionMs: 62_234, playingSince: NOW - 1_000 });
  });
  it("falls back to the device that made the change when the active device is omitted", () => {
    expect(fromYnisonState(state({ activeDeviceId: undefined, statusDeviceId: "tv" }), NOW).deviceKey).toBe(
      "tv",
    );
  });
  it.each([
    ["sentinel", { stopped: true, activeDeviceId: null }, { status: "none", deviceKey: null }],
    ["empty queue", { trackId: null }, { status: "none" }],
    ["video clip", { playableType: "VIDEO_CLIP" }, { status: "none", kind: "unknown" }],
    ["repeat one", { repeat: "ONE" }, { repeatOne: true }],
  ])("%s", (_n, over, expected) => {
    expect(fromYnisonState(state(over as Partial<YnisonState>), NOW)).toMatchObject(expected);
  });
  it("non-music per /tracks (a podcast) is no track", () => {
    expect(fromYnisonState(state(), NOW, { track: null })).toMatchObject({ status: "none", kind: "unknown" });
  });
});
