import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeControls } from "@/test/fakes/remote";
import { YandexClient } from "./rest";

const fakes = fakeControls();

async function account() {
  const uid = randomInt(1e8, 9e8);
  const token = `y0_rest_${uid}`;
  await fakes.yandex.addAccount({ token, uid, login: `anna${uid}` });
  return { uid, token, c: new YandexClient(token) };
}

describe("YandexClient against the fake", () => {
  it("validates tokens with /account/status: uid for valid, null for unknown or expired", async () => {
    const { uid, token, c } = await account();
    expect(await c.accountStatus()).toMatchObject({ uid: String(uid), login: `anna${uid}` });
    expect(await new YandexClient("y0_nobody").accountStatus()).toBeNull();
    await fakes.yandex.expireToken(token);
    expect(await c.accountStatus()).toBeNull();
  });

  it("sends the required headers", async () => {
    const { uid, token, c } = await account();
    const since = Date.now();
    await c.accountStatus();
    const [req] = await fakes.yandex.requests({ user: String(uid), since });
    expect(req?.headers.authorization).toBe(`OAuth ${token}`);
    expect(req?.headers["x-yandex-music-client"]).toMatch(/^YandexMusicAndroid\//);
  });

  it("reads batch track details with covers, genres, versions and string ids", async () => {
    const { c } = await account();
    const tracks = await c.tracks(["10000003:2000001", "10000005", "99999999"]);
    expect(tracks).toHaveLength(2);
    expect(tracks[0]).toMatchObject({
      externalId: "10000003",
      version: "Radio Edit",
      album: { id: "2000001", genre: "rusrap" },
      coverUrl: "https://avatars.yandex.net/get-music-content/12345/abcdef01.a.2000001-1/orig",
      artists: [{ id: "41052" }, { id: "41053" }],
    });
    expect(tracks[1]).toMatchObject({ durationMs: null, album: { genre: undefined } });
  });

  it("reads likes and signed lyrics", async () => {
    const { uid, c } = await account();
    await fakes.yandex.setLikes(uid, [
      { id: "10000003", albumId: "2000001", timestamp: "2025-12-30T21:15:00+00:00" },
      { id: "10000777", timestamp: "2025-12-28T08:00:00+00:00" },
    ]);
    const likes = await c.likedTracks(String(uid));
    expect(likes.items.map((i) => i.trackId)).toEqual(["10000003", "10000777"]);
    expect((await c.lyrics("10000003", "LRC"))?.text).toContain("[00:01.00]");
    expect(await c.lyrics("10000001", "TEXT")).toBeNull();
  });

  it("reads music history by day, with full models only for the first items", async () => {
    const { uid, c } = await account();
    await fakes.yandex.setHistory(uid, [{ date: "2026-01-02", trackIds: ["10000003", "10000001"] }]);
    const [day] = await c.musicHistory(1);
    expect(day?.date).toBe("2026-01-02");
    expect(day?.tracks.map((t) => t.trackId)).toEqual(["10000003", "10000001"]);
    expect(day?.tracks[0]?.track?.title).toBe("Song");
    expect(day?.tracks[1]?.track).toBeUndefined();
  });

  it("recognises the HTML captcha 429 and cools that endpoint family down", async () => {
    const { uid, c } = await account();
    await fakes.yandex.failNext({ path: `/users/${uid}/likes`, kind: "captcha" });
    await expect(c.likedTracks(String(uid))).rejects.toMatchObject({
      kind: "rate_limited",
      info: { reason: "captcha" },
    });
    // Counted, not filtered by time: the captcha's own request can carry the same millisecond as "now".
    const likes = { path: `/users/${uid}/likes` };
    const before = (await fakes.yandex.requests(likes)).length;
    await expect(c.likedTracks(String(uid))).rejects.toMatchObject({ kind: "rate_limited" });
    expect(await fakes.yandex.requests(likes)).toHaveLength(before);
    // Other families keep working.
    expect(await c.tracks(["10000001"])).toHaveLength(1);
  });

  it("accepts a payload at the root and retries a 500", async () => {
    const { uid, c } = await account();
    await fakes.yandex.failNext({ path: "/account/status", user: String(uid), kind: "noResult" });
    expect(await c.accountStatus()).toMatchObject({ uid: String(uid) });
    await fakes.yandex.failNext({ path: "/account/status", user: String(uid), status: 500 });
    expect(await c.accountStatus()).toMatchObject({ uid: String(uid) });
  });
});
