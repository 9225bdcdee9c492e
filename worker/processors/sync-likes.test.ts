import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, getDb } from "@/db/client";
import { connections, likes, providerIds } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import type { JobsContext } from "@/lib/jobs/queues";
import { fakeControls } from "@/test/fakes/remote";
import { DEFAULT_TRACKS, sid } from "@/test/fakes/spotify";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { dropJobs, testJobs } from "@/test/helpers/jobs";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { yandexUser } from "@/test/helpers/yandex-connect";
import { QueueRateLimited } from "../errors";
import type { ConnectionRow } from "./connection";
import { runSyncLikes, type SpotifyPages, syncLikes } from "./sync-likes";

/** Saved tracks and Yandex likes from the suite's fakes into `likes`: mirrored, idempotent, per user. */
const { spotify, yandex } = fakeControls();
const deps = { db: getDb(), syncLikes };
/** The processor's deps reading other page counts than the defaults. */
const depsReading = (pages: SpotifyPages) => ({
  db: getDb(),
  syncLikes: (db: Db, c: ConnectionRow) => syncLikes(db, c, pages),
});
const T0 = Date.parse("2026-06-01T12:00:00Z");
let jobs: JobsContext;

beforeAll(() => {
  // Connecting schedules jobs, and a 429 pauses Spotify, under JOBS_PREFIX: this file's own.
  jobs = testJobs();
  process.env.JOBS_PREFIX = jobs.prefix;
  resetEnvCache();
});
afterAll(() => dropJobs(jobs));

async function spotifyUser() {
  const user = await createTestUser({ prefix: "likes" });
  const fake = uniqueName("splk");
  await spotify.addUser({ id: fake });
  await connectSpotifyDirect(getDb(), user.id, fake);
  return { userId: user.id, fake };
}

/** The user's likes of a provider as (external track id → liked_at ISO), with the row ids. */
async function likesOf(userId: number, provider: "spotify" | "yandex") {
  const rows = await getDb()
    .select({ id: likes.id, ext: providerIds.externalId, likedAt: likes.likedAt })
    .from(likes)
    .innerJoin(
      providerIds,
      and(
        eq(providerIds.entityId, likes.trackId),
        eq(providerIds.kind, "track"),
        eq(providerIds.provider, provider),
      ),
    )
    .where(and(eq(likes.userId, userId), eq(likes.provider, provider)));
  return {
    ids: rows.map((r) => r.id).sort(),
    byTrack: Object.fromEntries(rows.map((r) => [r.ext, r.likedAt.toISOString()])),
  };
}

/** Tracks of this test alone on the fake (no ISRC: the catalog must not merge them with anyone's). */
async function spotifyTracks(n: number, tag = randomBytes(2).toString("hex")) {
  const base = DEFAULT_TRACKS[0];
  if (!base) throw new Error("no fake tracks");
  const ids = Array.from({ length: n }, (_, i) => sid(`Lk${tag}`, i + 1));
  for (const id of ids) await spotify.addTrack({ ...base, id, name: `Liked ${tag} ${id}`, isrc: undefined });
  return ids;
}

describe("sync-likes", () => {
  it("Spotify saved tracks land in likes; a re-sync changes nothing; an unliked track goes", async () => {
    const a = await spotifyUser();
    const spotifyIds = await spotifyTracks(3);
    const saved = spotifyIds.map((trackId, i) => ({ trackId, addedAt: T0 - i * 3600_000 }));
    await spotify.setSavedTracks(a.fake, saved);
    expect(await runSyncLikes(deps, { userId: a.userId, source: "spotify" })).toMatchObject({
      kind: "done",
      seen: 3,
      added: 3,
      removed: 0,
    });
    const first = await likesOf(a.userId, "spotify");
    expect(first.byTrack).toEqual(
      Object.fromEntries(saved.map((s) => [s.trackId, new Date(s.addedAt).toISOString()])),
    );

    expect(await runSyncLikes(deps, { userId: a.userId, source: "spotify" })).toMatchObject({
      added: 0,
      removed: 0,
    });
    expect(await likesOf(a.userId, "spotify")).toEqual(first);

    await spotify.setSavedTracks(
      a.fake,
      [saved[0], saved[2]].filter((s) => s !== undefined),
    );
    expect(await runSyncLikes(deps, { userId: a.userId, source: "spotify" })).toMatchObject({
      removed: 1,
    });
    expect(Object.keys((await likesOf(a.userId, "spotify")).byTrack).sort()).toEqual(
      [spotifyIds[0], spotifyIds[2]].sort(),
    );
  });

  it("Spotify beyond the pages read is not judged: an old like stays, an unliked new one goes", async () => {
    const a = await spotifyUser();
    // Newest pages only (no walk through the older library): 4 pages of 50.
    const deps = depsReading({ head: 4, walk: 0 });
    // 205 saved tracks, newest first.
    const saved = (await spotifyTracks(205)).map((trackId, i) => ({ trackId, addedAt: T0 - i * 60_000 }));
    const oldest = saved[204];
    if (!oldest) throw new Error("no oldest");
    // An earlier sync, when the oldest was the user's only saved track.
    await spotify.setSavedTracks(a.fake, [oldest]);
    await runSyncLikes(deps, { userId: a.userId, source: "spotify" });

    await spotify.setSavedTracks(a.fake, saved);
    expect(await runSyncLikes(deps, { userId: a.userId, source: "spotify" })).toMatchObject({
      seen: 200,
      added: 200,
      removed: 0,
    });
    // Unlike the 4th newest: the next sync sees one more old track and the gap.
    await spotify.setSavedTracks(
      a.fake,
      saved.filter((_, i) => i !== 3),
    );
    expect(await runSyncLikes(deps, { userId: a.userId, source: "spotify" })).toMatchObject({
      seen: 200,
      added: 1,
      removed: 1,
    });
    const after = (await likesOf(a.userId, "spotify")).byTrack;
    expect(Object.keys(after)).toHaveLength(201);
    expect(after[saved[3]?.trackId ?? ""]).toBeUndefined();
    expect(after[oldest.trackId]).toBe(new Date(oldest.addedAt).toISOString());
  });

  it("Spotify's older library arrives over a few syncs; the walk starts again at the top and notices an old unlike", async () => {
    const a = await spotifyUser();
    // One newest page and one page of the walk per sync, 50 tracks a page; 130 saved tracks.
    const deps = depsReading({ head: 1, walk: 1 });
    const saved = (await spotifyTracks(130)).map((trackId, i) => ({ trackId, addedAt: T0 - i * 60_000 }));
    await spotify.setSavedTracks(a.fake, saved);
    const sync = () => runSyncLikes(deps, { userId: a.userId, source: "spotify" });
    const walkOffset = async () =>
      (await getDb().select().from(connections).where(eq(connections.userId, a.userId)))[0]?.likesWalkOffset;

    expect(await sync()).toMatchObject({ seen: 100, added: 100, removed: 0 });
    expect(await walkOffset()).toBe(100);
    expect(await sync()).toMatchObject({ seen: 80, added: 30, removed: 0 });
    expect(await walkOffset()).toBe(0); // the end: the next walk starts after the newest page again
    expect(Object.keys((await likesOf(a.userId, "spotify")).byTrack)).toHaveLength(130);

    // Unliked long ago on Spotify (the 76th newest): the walk's next stretch covers it.
    const gone = saved[75]?.trackId;
    await spotify.setSavedTracks(
      a.fake,
      saved.filter((_, i) => i !== 75),
    );
    expect(await sync()).toMatchObject({ seen: 100, added: 0, removed: 1 });
    const after = (await likesOf(a.userId, "spotify")).byTrack;
    expect(Object.keys(after)).toHaveLength(129);
    expect(after[gone ?? ""]).toBeUndefined();
  });

  it("Yandex likes land in likes (podcasts aside); re-sync is idempotent; unlikes go; users never mix", async () => {
    const a = await yandexUser({ prefix: "ylikes" });
    const b = await yandexUser({ prefix: "ylikes" });
    const items = [
      { id: "10000003", albumId: "2000001", timestamp: "2025-12-30T21:15:00+00:00" },
      { id: "10000005", timestamp: "2025-12-29T10:00:00+00:00" },
      { id: "10000777", timestamp: "2025-12-28T08:00:00+00:00" },
    ];
    await yandex.setLikes(a.uid, items, 7);
    const [both] = items;
    if (!both) throw new Error("no items");
    await yandex.setLikes(b.uid, [{ id: "10000001", timestamp: "2025-11-01T00:00:00+00:00" }, both]);
    expect(await runSyncLikes(deps, { userId: a.userId, source: "yandex" })).toMatchObject({
      seen: 2,
      added: 2,
    });
    await runSyncLikes(deps, { userId: b.userId, source: "yandex" });
    const first = await likesOf(a.userId, "yandex");
    expect(first.byTrack).toEqual({
      "10000003": "2025-12-30T21:15:00.000Z",
      "10000005": "2025-12-29T10:00:00.000Z",
    });

    const since = Date.now();
    expect(await runSyncLikes(deps, { userId: a.userId, source: "yandex" })).toMatchObject({
      added: 0,
      removed: 0,
    });
    expect(await likesOf(a.userId, "yandex")).toEqual(first);
    // Tracks already in the catalog need no second round of details (the podcast, never stored, does).
    const asked = await yandex.requests({ path: "/tracks", user: String(a.uid), since });
    expect(asked.map((r) => new URLSearchParams(r.body).get("track-ids"))).toEqual(["10000777"]);

    // A unlikes the track both of them like: only A's row goes.
    await yandex.setLikes(a.uid, items.slice(1), 8);
    expect(await runSyncLikes(deps, { userId: a.userId, source: "yandex" })).toMatchObject({ removed: 1 });
    expect(Object.keys((await likesOf(a.userId, "yandex")).byTrack)).toEqual(["10000005"]);
    expect(Object.keys((await likesOf(b.userId, "yandex")).byTrack).sort()).toEqual(["10000001", "10000003"]);
  });

  it("a Spotify 429 pauses the queue and writes nothing; a connection needing re-auth stops", async () => {
    const a = await spotifyUser();
    const [one = ""] = await spotifyTracks(1);
    await spotify.setSavedTracks(a.fake, [{ trackId: one, addedAt: T0 }]);
    await spotify.failNext({ path: "/v1/me/tracks", user: a.fake, status: 429, retryAfter: 1 });
    await expect(runSyncLikes(deps, { userId: a.userId, source: "spotify" })).rejects.toBeInstanceOf(
      QueueRateLimited,
    );
    expect((await likesOf(a.userId, "spotify")).ids).toEqual([]);

    const y = await yandexUser({ prefix: "ylikes" });
    await getDb().update(connections).set({ status: "needs_reauth" }).where(eq(connections.userId, y.userId));
    expect(await runSyncLikes(deps, { userId: y.userId, source: "yandex" })).toEqual({ kind: "stop" });
  });
});
