import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { artistGenres, likes, trackArtists } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import { resetEnvCache } from "@/lib/env";
import type { JobsContext } from "@/lib/jobs/queues";
import { FAKE_SPOTIFY_CLIENT_ID, FAKE_SPOTIFY_CLIENT_SECRET } from "@/test/fakes";
import { FakeSpotify, sid } from "@/test/fakes/spotify";
import { enrichWithFakes } from "@/test/helpers/enrich";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { dropJobs, testJobs } from "@/test/helpers/jobs";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { spotifyArtistGenres } from "./enrich-spotify";
import { type EnrichDeps, runEnrichTrack } from "./enrich-track";

/**
 * Spotify artist genres "where present": an extended-quota app still gets them, a development-mode app gets
 * none (spotify-api.md §1). This file runs its own fake Spotify, so switching its profile touches no other test.
 */
let spotify: FakeSpotify;
let fakes: Awaited<ReturnType<typeof enrichWithFakes>>;
let deps: EnrichDeps;
let jobs: JobsContext;

beforeAll(async () => {
  // Connecting schedules polls, and a 429 pauses Spotify, under JOBS_PREFIX: this file's own.
  jobs = testJobs();
  process.env.JOBS_PREFIX = jobs.prefix;
  spotify = await FakeSpotify.start({
    clientId: FAKE_SPOTIFY_CLIENT_ID,
    clientSecret: FAKE_SPOTIFY_CLIENT_SECRET,
  });
  Object.assign(process.env, {
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
    SPOTIFY_CLIENT_ID: FAKE_SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET: FAKE_SPOTIFY_CLIENT_SECRET,
  });
  resetEnvCache();
  fakes = await enrichWithFakes({ spotifyGenres: spotifyArtistGenres });
  deps = fakes.deps;
});
afterAll(async () => {
  await Promise.all([spotify.close(), fakes.close(), dropJobs(jobs)]);
});

/** A Spotify track by a new artist with `genres`, liked by a user who connected Spotify. */
async function likedTrack(genres: string[]) {
  const db = getDb();
  const tag = randomBytes(3).toString("hex");
  const artistId = sid(`G${tag}`, 1);
  spotify.addArtist({ id: artistId, name: uniqueName("Band"), genres });
  const [trackId] = await upsertTracks(db, [
    {
      provider: "spotify",
      externalId: sid(`T${tag}`, 1),
      title: uniqueName("Song"),
      artists: [{ name: uniqueName("Band"), externalId: artistId }],
      durationMs: 200_000,
    },
  ]);
  if (!trackId) throw new Error("no track");
  const user = await createTestUser({ prefix: "spgen" });
  const fakeUser = uniqueName("spg");
  spotify.addUser({ id: fakeUser });
  await connectSpotifyDirect(db, user.id, fakeUser);
  await db.insert(likes).values({ userId: user.id, trackId, provider: "spotify", likedAt: new Date() });
  const [ta] = await db.select().from(trackArtists).where(eq(trackArtists.trackId, trackId));
  return { trackId, artistId: ta?.artistId ?? 0, spotifyArtistId: artistId };
}

const genresOf = async (artistId: number) =>
  (await getDb().select().from(artistGenres).where(eq(artistGenres.artistId, artistId)))
    .filter((g) => g.source === "spotify")
    .map((g) => g.genre)
    .sort();

describe("Spotify genres in enrichment", () => {
  it("stores an extended-quota app's artist genres, labelled spotify", async () => {
    spotify.setProfile("extended");
    const t = await likedTrack(["Shoegaze", "dream pop"]);
    const res = await runEnrichTrack(deps, { trackId: t.trackId });
    expect(res.kind === "done" && res.genres).toContain("spotify:2");
    expect(await genresOf(t.artistId)).toEqual(["dream pop", "shoegaze"]);
    expect(spotify.requests({ path: `/v1/artists/${t.spotifyArtistId}` })).toHaveLength(1);
  });

  it("a development-mode app gets no genres: nothing stored, nothing fails", async () => {
    spotify.setProfile("dev");
    const t = await likedTrack(["ignored in dev mode"]);
    expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ kind: "done" });
    expect(await genresOf(t.artistId)).toEqual([]);
  });

  it("a 429 skips Spotify genres instead of failing the track's lyrics and other genres", async () => {
    spotify.setProfile("extended");
    const t = await likedTrack(["post-rock"]);
    spotify.failNext({ path: `/v1/artists/${t.spotifyArtistId}`, status: 429, retryAfter: 1 });
    expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ kind: "done" });
    expect(spotify.requests({ path: `/v1/artists/${t.spotifyArtistId}` }).map((r) => r.status)).toEqual([
      429,
    ]);
    expect(await genresOf(t.artistId)).toEqual([]);
  });
});
