import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { advance, type NowPlaying } from "@/lib/connections/now-playing";
import { applyPoll, fromSpotifyPlayer } from "@/lib/listening";
import { fakeControls } from "@/test/fakes/remote";
import { sid } from "@/test/fakes/spotify-data";
import { TestClient } from "@/test/helpers/client";
import { signedIn, spotifyFlow } from "./helpers";

const fakes = fakeControls();
const TRK1 = `1Trk${"A".repeat(17)}1`;

async function withSpotify() {
  const s = await signedIn();
  const flow = await spotifyFlow(s.client);
  return { ...s, sp: flow.spotifyUser };
}

async function withYandex() {
  const s = await signedIn();
  const uid = randomInt(1e8, 9e8);
  const token = `y0_np_${uid}`;
  await fakes.yandex.addAccount({ token, uid });
  expect((await s.client.json("/api/services/yandex", "POST", { token })).status).toBe(200);
  return { ...s, uid, token };
}

const np = async (client: TestClient, q = "") => {
  const res = await client.fetch(`/api/now-playing${q}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("GET /api/now-playing", () => {
  it("answers 401 JSON when signed out and 400 for an invalid source", async () => {
    expect((await np(new TestClient())).status).toBe(401);
    const { client } = await signedIn();
    expect(await np(client, "?source=deezer")).toEqual({
      status: 400,
      body: expect.objectContaining({ status: "error", message: "Invalid source" }),
    });
    expect((await np(client, "?source=spotify")).body).toMatchObject({
      status: "not_connected",
      source: "spotify",
    });
    expect((await np(client)).body).toMatchObject({ status: "not_connected" });
  });

  it("reports empty (204), then ok with the contract fields, cached per user for a few seconds", async () => {
    const { client, sp } = await withSpotify();
    expect((await np(client, "?source=spotify")).body).toMatchObject({ status: "empty", source: "spotify" });
    await new Promise((r) => setTimeout(r, 3100));
    await fakes.spotify.setPlayer(sp, { trackId: TRK1, progressMs: 61_234 });
    const since = Date.now();
    const [a, b] = await Promise.all([np(client, "?source=spotify"), np(client, "?source=spotify")]);
    expect(a.body).toMatchObject({
      status: "ok",
      source: "spotify",
      is_playing: true,
      track: {
        external_id: TRK1,
        title: "Example Song",
        artist: "Aurora Lane, Guest Star",
        cover: expect.stringMatching(/^https:\/\//),
        duration_ms: 201_000,
      },
      connection: { status: "active" },
    });
    expect((a.body.track as { progress_ms: number }).progress_ms).toBeGreaterThanOrEqual(61_234);
    // The second answer is the cached one, its position moved on by the time since the first.
    const { progress_ms: pa, ...restA } = a.body.track as { progress_ms: number };
    const { progress_ms: pb, ...restB } = b.body.track as { progress_ms: number };
    expect(restB).toEqual(restA);
    expect(Math.abs(pb - pa)).toBeLessThan(1000);
    expect(await fakes.spotify.requests({ path: "/v1/me/player", user: sp, since })).toHaveLength(1);
  });

  it("reports paused, and empty for adverts", async () => {
    const paused = await withSpotify();
    await fakes.spotify.setPlayer(paused.sp, { trackId: TRK1, progressMs: 5000, isPlaying: false });
    expect((await np(paused.client, "?source=spotify")).body).toMatchObject({
      status: "paused",
      is_playing: false,
      track: { progress_ms: 5000 },
    });
    const ad = await withSpotify();
    await fakes.spotify.setPlayer(ad.sp, { type: "ad" });
    expect((await np(ad.client, "?source=spotify")).body).toMatchObject({ status: "empty" });
  });

  it("reports auth_error when the refresh token was revoked, and config_error for a non-allow-listed user", async () => {
    const revoked = await withSpotify();
    await fakes.spotify.expireAccessTokens(revoked.sp);
    await fakes.spotify.revokeRefreshTokens(revoked.sp);
    expect((await np(revoked.client, "?source=spotify")).body).toMatchObject({
      status: "auth_error",
      reason: "needs_reauth",
    });
    const services = await (await revoked.client.fetch("/api/user/services")).json();
    expect(services.connections[0]).toMatchObject({ status: "needs_reauth" });
    const blocked = await withSpotify();
    await fakes.spotify.setAllowListed(blocked.sp, false);
    expect((await np(blocked.client, "?source=spotify")).body).toMatchObject({
      status: "auth_error",
      reason: "config_error",
    });
  });

  it("maps a 5xx to loading, never a 500", async () => {
    const { client, sp } = await withSpotify();
    await fakes.spotify.failNext({ user: sp, status: 502, count: 3 });
    const r = await np(client, "?source=spotify");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "loading", reason: "unavailable" });
  });

  it("reads Yandex from Ynison with track metadata and an extrapolated position", async () => {
    const { client, uid } = await withYandex();
    await fakes.ynison.setPlayer(uid, {
      queue: [
        { id: "10000001", albumId: "2000001" },
        { id: "10000003", albumId: "2000001" },
      ],
      index: 1,
      progressMs: 30_000,
      durationMs: 215_000,
    });
    const r = await np(client);
    expect(r.body).toMatchObject({
      status: "ok",
      source: "yandex",
      is_playing: true,
      track: {
        external_id: "10000003",
        title: "Song (Radio Edit)",
        artist: "Северный Ветер, Guest",
        cover: "https://avatars.yandex.net/get-music-content/12345/abcdef01.a.2000001-1/orig",
        duration_ms: 215_000,
      },
      device: { name: "Pixel" },
    });
    expect((r.body.track as { progress_ms: number }).progress_ms).toBeGreaterThanOrEqual(30_000);
    // One passive socket for the web process, however often the dashboard polls.
    await new Promise((res) => setTimeout(res, 3100));
    await fakes.ynison.setPlayer(uid, {
      queue: [{ id: "10000003", albumId: "2000001" }],
      index: 0,
      progressMs: 40_000,
      durationMs: 215_000,
      paused: true,
    });
    await new Promise((res) => setTimeout(res, 200));
    expect((await np(client, "?source=yandex")).body).toMatchObject({ status: "paused", is_playing: false });
    const states = (await fakes.ynison.connections(uid)).filter((c) => c.kind === "state");
    expect(states).toHaveLength(1);
  });

  it("reports Yandex auth_error when Ynison rejects the token", async () => {
    const { client, uid } = await withYandex();
    await fakes.ynison.setRedirector(uid, "error");
    expect((await np(client, "?source=yandex")).body).toMatchObject({ status: "auth_error" });
  });

  it("gives our track id for a track first heard now, once the worker's session holds it", async () => {
    const { client, sp, user } = await withSpotify();
    const id = sid("Npt", randomInt(1e6, 9e6));
    const name = `First Heard ${id}`;
    await fakes.spotify.addTrack({
      id,
      name,
      durationMs: 180_000,
      artistIds: [sid("Art", 2)],
      albumId: sid("Alb", 2),
    });
    await fakes.spotify.setPlayer(sp, { trackId: id, progressMs: 10_000 });
    const before = (await np(client, "?source=spotify")).body.track as {
      external_id: string;
      track_id?: number;
    };
    expect(before.external_id).toBe(id);
    expect(before.track_id).toBeUndefined();

    // The worker's poll, through the real listening state machine, opens a session for the track.
    const body = {
      is_playing: true,
      progress_ms: 10_000,
      currently_playing_type: "track",
      device: { id: "np-device", name: "Phone", type: "Smartphone", is_private_session: false },
      item: {
        id,
        name,
        type: "track",
        is_local: false,
        duration_ms: 180_000,
        artists: [{ id: sid("Art", 2), name: "The Night Owls" }],
        album: { id: sid("Alb", 2), name: "Midnight Drive", images: [] },
        external_ids: {},
      },
    };
    const now = new Date();
    await applyPoll(getDb(), {
      userId: user.id,
      provider: "spotify",
      snapshot: fromSpotifyPlayer(body, now.getTime()),
      now,
    });
    await new Promise((r) => setTimeout(r, 3100));
    const after = (await np(client, "?source=spotify")).body.track as { track_id?: number };
    expect(after.track_id).toEqual(expect.any(Number));
    // Its page and lyrics are this user's to open (and nobody else's).
    expect((await client.fetch(`/api/tracks/${after.track_id}`)).status).toBe(200);
    expect((await client.fetch(`/api/tracks/${after.track_id}/lyrics`)).status).toBe(200);
    const other = await signedIn();
    expect((await other.client.fetch(`/api/tracks/${after.track_id}`)).status).toBe(404);
  });
});

describe("one observation for the page and the scrobbler", () => {
  it("shows the worker's fresh look without asking Spotify, and asks Spotify once that look is stale", async () => {
    const { client, sp, user } = await withSpotify();
    const id = sid("Obs", randomInt(1e6, 9e6));
    await fakes.spotify.addTrack({
      id,
      name: `Seen By The Worker ${id}`,
      durationMs: 180_000,
      artistIds: [sid("Art", 3)],
      albumId: sid("Alb", 3),
    });
    await fakes.spotify.setPlayer(sp, { trackId: id, progressMs: 20_000 });
    const body = {
      is_playing: true,
      progress_ms: 20_000,
      currently_playing_type: "track",
      device: { id: "obs-device", name: "Phone", type: "Smartphone", is_private_session: false },
      item: {
        id,
        name: `Seen By The Worker ${id}`,
        type: "track",
        is_local: false,
        duration_ms: 180_000,
        artists: [{ id: sid("Art", 3), name: "Worker Band" }],
        album: { id: sid("Alb", 3), name: "Polled", images: [] },
        external_ids: {},
      },
    };
    // The worker's poll, through the real listening state machine.
    const seen = Date.now();
    await applyPoll(getDb(), {
      userId: user.id,
      provider: "spotify",
      snapshot: fromSpotifyPlayer(body, seen),
      now: new Date(seen),
    });
    const calls = async () => (await fakes.spotify.requests({ path: "/v1/me/player", user: sp })).length;
    const before = await calls();
    const fresh = await np(client, "?source=spotify");
    expect(fresh.body).toMatchObject({
      status: "ok",
      is_playing: true,
      track: {
        external_id: id,
        title: `Seen By The Worker ${id}`,
        artist: "Worker Band",
        duration_ms: 180_000,
      },
    });
    expect((fresh.body.track as { progress_ms: number }).progress_ms).toBeGreaterThanOrEqual(20_000);
    expect(await calls()).toBe(before);

    // 6 s on, the worker has not looked again (it is not running here): the page asks Spotify itself.
    await new Promise((r) => setTimeout(r, 6_000));
    const stale = await np(client, "?source=spotify");
    expect(stale.body).toMatchObject({ status: "ok", device: { name: expect.any(String) } });
    expect(await calls()).toBe(before + 1);
  });
});

describe("advance (cached answers)", () => {
  const base: NowPlaying = {
    status: "ok",
    source: "spotify",
    is_playing: true,
    progress_ms: 1000,
    fetched_at: 10_000,
    track: {
      external_id: "x",
      title: "t",
      artist: "a",
      artists: ["a"],
      cover: "",
      progress_ms: 1000,
      duration_ms: 3000,
    },
  };
  it("moves a playing track on by the cache age, never past its end", () => {
    expect(advance(base, 11_500)).toMatchObject({
      progress_ms: 2500,
      fetched_at: 11_500,
      track: { progress_ms: 2500 },
    });
    expect(advance(base, 20_000).track?.progress_ms).toBe(3000);
  });
  it("leaves paused and fresh answers alone", () => {
    expect(advance({ ...base, is_playing: false }, 20_000)).toMatchObject({ progress_ms: 1000 });
    expect(advance(base, 10_000)).toBe(base);
  });
});
