import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { decrypt } from "@/lib/crypto";
import { parseRecentlyPlayed } from "@/lib/listening/write-history";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { memoryPause } from "../pause";
import { getArtistCached } from "./artists";
import { SpotifyClient } from "./client";

const fakes = fakeControls();
const TRK = (n: number) => `1Trk${"A".repeat(17)}${n}`;
const ART = (n: number) => `1Art${"A".repeat(17)}${n}`;

async function client() {
  const user = await createTestUser();
  const sp = uniqueName("sp");
  const conn = await connectSpotifyDirect(getDb(), user.id, sp);
  const token = decrypt(conn.accessTokenEnc);
  const pause = memoryPause();
  const c = new SpotifyClient({ get: async () => token, refresh: async () => token }, { pause });
  return { c, sp, pause };
}

describe("SpotifyClient against the fake", () => {
  it("maps the player states: nothing, playing, paused, ad, episode, local file, private session", async () => {
    const { c, sp } = await client();
    expect((await c.player()).kind).toBe("none");
    await fakes.spotify.setPlayer(sp, { trackId: TRK(1), progressMs: 61_234 });
    const playing = await c.player();
    expect(playing).toMatchObject({ kind: "track", isPlaying: true, device: { name: "Kitchen" } });
    expect(playing.track?.artists.map((a) => a.name)).toEqual(["Aurora Lane", "Guest Star"]);
    expect(playing.track?.coverUrl).toMatch(/^https:\/\/i\.scdn\.co\//);
    expect(playing.progressMs).toBeGreaterThanOrEqual(61_234);
    await fakes.spotify.setPlayer(sp, { trackId: TRK(1), isPlaying: false, progressMs: 1000 });
    expect(await c.player()).toMatchObject({ kind: "track", isPlaying: false, progressMs: 1000 });
    await fakes.spotify.setPlayer(sp, { type: "ad" });
    expect((await c.currentlyPlaying()).kind).toBe("ad");
    await fakes.spotify.setPlayer(sp, { type: "episode" });
    expect((await c.player()).kind).toBe("episode");
    await fakes.spotify.setPlayer(sp, { type: "local" });
    const local = await c.player();
    expect(local).toMatchObject({
      kind: "local",
      track: { externalId: null, isLocal: true, title: "Local Song" },
    });
    await fakes.spotify.setPlayer(sp, {
      trackId: TRK(2),
      device: { id: null, name: "Car", type: "Automobile", privateSession: true },
    });
    expect(await c.player()).toMatchObject({ privateSession: true, device: { id: null } });
  });

  it("reads recently-played newest first with string cursors, and honours after", async () => {
    const { c, sp } = await client();
    const base = Date.now() - 3600_000;
    for (const [i, t] of [TRK(1), TRK(2), TRK(3)].entries())
      await fakes.spotify.addRecentPlay(sp, t, base + i * 300_000);
    const page = async (opts = {}) => parseRecentlyPlayed(await c.recentlyPlayedBody(opts));
    const all = await page();
    expect(all.map((i) => i.trackRef)).toEqual([TRK(3), TRK(2), TRK(1)]);
    expect(all[0]?.playedAt).toBe(base + 600_000);
    const newer = await page({ after: base + 300_000 });
    expect(newer.map((i) => i.trackRef)).toEqual([TRK(3)]);
    expect(await page({ after: base + 600_000 })).toEqual([]);
  });

  it("pages saved tracks and checks the library with at most 40 URIs", async () => {
    const { c, sp } = await client();
    await fakes.spotify.setSavedTracks(sp, [
      { trackId: TRK(1), addedAt: Date.now() - 1000 },
      { trackId: TRK(3), addedAt: Date.now() },
    ]);
    const page = await c.savedTracks({ limit: 1 });
    expect(page).toMatchObject({ total: 2, hasNext: true });
    expect(page.items[0]?.track.externalId).toBe(TRK(3));
    expect(await c.libraryContains([`spotify:track:${TRK(1)}`, `spotify:track:${TRK(2)}`])).toEqual([
      true,
      false,
    ]);
    await expect(c.libraryContains(Array(41).fill(`spotify:track:${TRK(1)}`))).rejects.toMatchObject({
      kind: "invalid",
    });
  });

  it("fetches artists one at a time and caches hits and misses", async () => {
    const { c, sp } = await client();
    const since = Date.now();
    const a = await getArtistCached(c, ART(2));
    await getArtistCached(c, ART(2));
    expect(a).toMatchObject({ name: "The Night Owls", genres: [] });
    expect(await getArtistCached(c, ART(9))).toBeNull();
    expect(await getArtistCached(c, ART(9))).toBeNull();
    const reqs = await fakes.spotify.requests({ path: "/v1/artists", user: sp, since });
    expect(reqs).toHaveLength(2);
    expect(reqs.every((r) => !("ids" in r.query))).toBe(true);
  });

  it("treats 403 (not on the allow-list) as configuration, without retrying", async () => {
    const { c, sp } = await client();
    await fakes.spotify.setAllowListed(sp, false);
    const since = Date.now();
    await expect(c.player()).rejects.toMatchObject({ kind: "config", info: { status: 403 } });
    expect(await fakes.spotify.requests({ user: sp, since })).toHaveLength(1);
  });

  it("pauses every call after a 429 until Retry-After has passed", async () => {
    const { c, sp, pause } = await client();
    await fakes.spotify.failNext({ path: "/v1/me/player", user: sp, status: 429, retryAfter: 1 });
    await expect(c.player()).rejects.toMatchObject({ kind: "rate_limited", info: { retryAfterMs: 1000 } });
    // Counted, not filtered by time: the 429's own request can carry the same millisecond as "now".
    const before = (await fakes.spotify.requests({ user: sp })).length;
    await expect(c.recentlyPlayedBody()).rejects.toMatchObject({ kind: "rate_limited" });
    expect(await fakes.spotify.requests({ user: sp })).toHaveLength(before);
    expect(await pause.until()).toBeGreaterThan(Date.now());
    await new Promise((r) => setTimeout(r, 1100));
    expect((await c.player()).kind).toBe("none");
    await fakes.spotify.failNext({ user: sp, kind: "quota", retryAfter: 86_000 });
    await expect(c.me()).rejects.toMatchObject({ kind: "rate_limited", info: { reason: "QUOTA_EXCEEDED" } });
  });

  it("retries 5xx with backoff, and reports malformed bodies as transient", async () => {
    const { c, sp } = await client();
    await fakes.spotify.failNext({ user: sp, status: 503 });
    expect((await c.player()).kind).toBe("none");
    await fakes.spotify.failNext({ user: sp, status: 200, body: '{"is_playing": tr' });
    await expect(c.player()).rejects.toMatchObject({ kind: "transient" });
  });
});
