import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { albums, artistGenres, artists, lyrics, lyricsLookups, trackArtists, tracks } from "@/db/schema";
import { createLrclib } from "@/lib/providers/lyrics/lrclib";
import { signatureHash } from "@/lib/providers/lyrics/signature";
import { createMusicBrainz } from "@/lib/providers/musicbrainz/client";
import { SourceError } from "@/lib/providers/polite";
import { FakeLrclib } from "@/test/fakes/lrclib";
import { FakeMusicBrainz } from "@/test/fakes/musicbrainz";
import { uniqueName } from "@/test/helpers/factories";
import { QueueRateLimited } from "../errors";
import { type EnrichDeps, runEnrichTrack } from "./enrich-track";

let lrc: FakeLrclib;
let mb: FakeMusicBrainz;
let deps: EnrichDeps;
const DAY = 24 * 3600_000;

beforeAll(async () => {
  lrc = await FakeLrclib.start();
  mb = await FakeMusicBrainz.start({ minGapMs: 40 });
  deps = {
    db: getDb(),
    lrclib: createLrclib({ baseUrl: lrc.url, gapMs: 5, timeoutMs: 1_000 }),
    musicbrainz: createMusicBrainz({ baseUrl: `${mb.url}/ws/2`, gapMs: 60 }),
  };
});
afterAll(async () => {
  await lrc.close();
  await mb.close();
});

/** A track as the catalog would store it; a unique suffix keeps the artist row ours (mbid is per artist). */
async function makeTrack(t: {
  title: string;
  artist: string;
  album?: string;
  durationMs?: number;
  isrc?: string;
}) {
  const db = getDb();
  const [artist] = await db
    .insert(artists)
    .values({ name: t.artist, normName: uniqueName("a") })
    .returning();
  const [album] = t.album
    ? await db.insert(albums).values({ title: t.album, normTitle: t.album }).returning()
    : [];
  const [track] = await db
    .insert(tracks)
    .values({
      title: t.title,
      normTitle: t.title.toLowerCase(),
      artistLine: t.artist,
      albumId: album?.id,
      durationMs: t.durationMs,
      isrc: t.isrc,
    })
    .returning();
  if (!track || !artist) throw new Error("insert failed");
  await db.insert(trackArtists).values({ trackId: track.id, artistId: artist.id, position: 0 });
  return { trackId: track.id, artistId: artist.id };
}

const lyricsOf = async (trackId: number) =>
  (await getDb().select().from(lyrics).where(eq(lyrics.trackId, trackId)))[0];
const genresOf = async (artistId: number) =>
  (await getDb().select().from(artistGenres).where(eq(artistGenres.artistId, artistId)))
    .map((g) => g.genre)
    .sort();

describe("enrich-track", () => {
  it("stores synced lyrics and MusicBrainz genres found by ISRC", async () => {
    const t = await makeTrack({
      title: "Example Song",
      artist: "Example Artist",
      album: "Example Album",
      durationMs: 200_600,
      isrc: "XX0000000001",
    });
    const res = await runEnrichTrack(deps, { trackId: t.trackId });
    expect(res).toMatchObject({ kind: "done", lyrics: "synced" });
    const l = await lyricsOf(t.trackId);
    expect(l).toMatchObject({ found: true, source: "lrclib", instrumental: false, retryAfter: null });
    expect(l?.synced).toContain("[00:12.40] First line");
    expect(await genresOf(t.artistId)).toEqual(["indie pop", "pop"]);
    // every request was polite: a descriptive User-Agent, never two at once
    expect(lrc.log.every((r) => r.headers["user-agent"]?.startsWith("MusicTrace/"))).toBe(true);
  });

  it('finds "AC/DC" by name: the Lucene query is quoted, LRCLIB normalises the slash', async () => {
    const t = await makeTrack({
      title: "Highway to Hell",
      artist: "AC/DC",
      album: "Highway to Hell",
      durationMs: 208_400,
    });
    const res = await runEnrichTrack(deps, { trackId: t.trackId });
    expect(res).toMatchObject({ lyrics: "synced" });
    expect(await genresOf(t.artistId)).toEqual(["australian", "hard rock", "rock"]);
    const search = mb.log.find((r) => r.path === "/ws/2/artist");
    expect(search?.query.query).toBe('artist:"AC/DC"');
  });

  it("caches a miss, asks again only after 1 day, then 7 days, and picks up a late hit", async () => {
    const title = uniqueName("Unknown Song");
    const t = await makeTrack({ title, artist: "Nobody Known", durationMs: 123_000 });
    const t0 = Date.now();
    let now = new Date(t0);
    const d = { ...deps, now: () => now };
    expect(await runEnrichTrack(d, { trackId: t.trackId })).toMatchObject({ lyrics: "miss" });
    const miss = await lyricsOf(t.trackId);
    expect(miss?.found).toBe(false);
    expect((miss?.retryAfter?.getTime() ?? 0) - t0).toBe(DAY);

    const before = lrc.log.length;
    now = new Date(t0 + DAY / 2);
    expect(await runEnrichTrack(d, { trackId: t.trackId })).toMatchObject({ lyrics: "cached-miss" });
    expect(lrc.log.length).toBe(before);

    now = new Date(t0 + DAY + 1);
    expect(await runEnrichTrack(d, { trackId: t.trackId })).toMatchObject({ lyrics: "miss" });
    const hash = signatureHash({ track: title, artist: "Nobody Known", album: null, durationS: 123 });
    const [row] = await getDb().select().from(lyricsLookups).where(eq(lyricsLookups.signatureHash, hash));
    expect(row?.attempts).toBe(2);
    expect((row?.retryAfter?.getTime() ?? 0) - now.getTime()).toBe(7 * DAY);

    lrc.appearAfterMiss({
      id: 2000001,
      trackName: title,
      artistName: "Nobody Known",
      albumName: null,
      duration: 123,
      instrumental: false,
      plainLyrics: "late\n",
      syncedLyrics: "[00:01.00] late\n",
    });
    now = new Date(t0 + 9 * DAY);
    // /api/get misses but triggers LRCLIB's external lookup; the search right after finds the new record
    expect(await runEnrichTrack(d, { trackId: t.trackId })).toMatchObject({ lyrics: "synced" });
    expect(await lyricsOf(t.trackId)).toMatchObject({ found: true, retryAfter: null });
  });

  it("tells instrumental, plain-only and lyrics-less records apart", async () => {
    const inst = await makeTrack({
      title: "Interlude",
      artist: "Band Without Words",
      album: "Silence",
      durationMs: 95_000,
    });
    const plain = await makeTrack({
      title: "Plain Only",
      artist: "Quiet Person",
      album: "Words",
      durationMs: 180_000,
    });
    const empty = await makeTrack({ title: "Empty Record", artist: "Nobody Wrote It", durationMs: 150_000 });
    await runEnrichTrack(deps, { trackId: inst.trackId });
    await runEnrichTrack(deps, { trackId: plain.trackId });
    await runEnrichTrack(deps, { trackId: empty.trackId });
    expect(await lyricsOf(inst.trackId)).toMatchObject({ found: true, instrumental: true });
    const p = await lyricsOf(plain.trackId);
    expect(p).toMatchObject({ found: true, synced: null, plain: "Only words here\n" });
    expect((p?.retryAfter?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * DAY);
    expect(await lyricsOf(empty.trackId)).toMatchObject({ found: false, instrumental: false });
  });

  it("a 5xx, a 520 page or malformed JSON is not cached: the job fails and a retry succeeds", async () => {
    for (const fault of [{ status: 500 }, { kind: "html520" }, { kind: "malformed" }]) {
      const t = await makeTrack({ title: "Example Song", artist: "Example Artist", durationMs: 201_000 });
      await getDb().delete(lyricsLookups); // the hit from the first test would answer from cache
      lrc.failNext({ path: "/api/get", ...fault });
      await expect(runEnrichTrack(deps, { trackId: t.trackId })).rejects.toBeInstanceOf(SourceError);
      expect(await lyricsOf(t.trackId)).toBeUndefined();
      expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ lyrics: "synced" });
    }
  });

  it("a 429 becomes a queue-wide pause for Retry-After, and a 503 from MusicBrainz too", async () => {
    const t = await makeTrack({ title: uniqueName("Song"), artist: "Someone", durationMs: 100_000 });
    lrc.failNext({ path: "/api/get", status: 429, retryAfter: 7 });
    const err = await runEnrichTrack(deps, { trackId: t.trackId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueRateLimited);
    expect((err as QueueRateLimited).retryAfterMs).toBe(7_000);

    const fast = { ...deps, musicbrainz: createMusicBrainz({ baseUrl: `${mb.url}/ws/2`, gapMs: 0 }) };
    const g = await makeTrack({ title: uniqueName("Song"), artist: "Example Artist", durationMs: 100_000 });
    const h = await makeTrack({ title: uniqueName("Song"), artist: "AC/DC", durationMs: 100_000 });
    const results = await Promise.allSettled([
      runEnrichTrack(fast, { trackId: g.trackId }),
      runEnrichTrack(fast, { trackId: h.trackId }),
    ]);
    expect(results.some((r) => r.status === "rejected" && r.reason instanceof QueueRateLimited)).toBe(true);
  });

  it("never has two LRCLIB requests in flight", async () => {
    const ts = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        makeTrack({ title: `Parallel ${uniqueName()}`, artist: `P${i}`, durationMs: 100_000 }),
      ),
    );
    await Promise.all(ts.map((t) => runEnrichTrack(deps, { trackId: t.trackId })));
    expect(lrc.stats().maxInFlight).toBe(1);
  });
});
