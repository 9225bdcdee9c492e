import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { albumGenres, likes, lyrics, lyricsLookups, tracks } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import { resetEnvCache } from "@/lib/env";
import { signatureHash } from "@/lib/providers/lyrics/signature";
import { getLyrics } from "@/lib/stats/lyrics";
import type { FakeLrclib } from "@/test/fakes/lrclib";
import { fakeControls } from "@/test/fakes/remote";
import type { YTrack } from "@/test/fakes/yandex";
import { enrichWithFakes } from "@/test/helpers/enrich";
import { uniqueName } from "@/test/helpers/factories";
import { yandexUser } from "@/test/helpers/yandex-connect";
import { type EnrichDeps, loadTrack, runEnrichTrack } from "./enrich-track";
import { yandexView } from "./enrich-yandex";

/**
 * Yandex as the second lyrics source and the first genre source, against the suite's fake Yandex (which
 * checks the HMAC signature and the timestamp like the real API) and local LRCLIB/MusicBrainz fakes.
 */
const { yandex } = fakeControls();
let fakes: Awaited<ReturnType<typeof enrichWithFakes>>;
let lrc: FakeLrclib;
let deps: EnrichDeps;
const DAY = 24 * 3600_000;
const LRC = "[00:01.00] Первая строка\n[00:04.50][00:09.00] Припев\n[00:12.00]\n";

beforeAll(async () => {
  fakes = await enrichWithFakes({ yandex: yandexView });
  lrc = fakes.lrc;
  deps = fakes.deps;
});
afterAll(() => fakes.close());

/** LRCLIB learns the Yandex track's signature with these lyrics. */
function lrclibHas(yt: YTrack, lyrics: { plain: string; synced: string | null }) {
  lrc.addRecord({
    id: randomInt(3e6, 5e6),
    trackName: yt.title,
    artistName: yt.artists[0]?.name ?? "",
    albumName: yt.album?.title ?? null,
    duration: Math.round((yt.durationMs ?? 0) / 1000),
    instrumental: false,
    plainLyrics: lyrics.plain,
    syncedLyrics: lyrics.synced,
  });
}

/** A Yandex track on the fake and in our catalog; by default heard (liked) by a user with a Yandex connection. */
async function yandexTrack(
  t: Partial<YTrack> & { genre?: string },
  opts: { listener?: "active" | "needs_reauth" | "none" } = {},
) {
  const db = getDb();
  const id = String(randomInt(20_000_000, 90_000_000));
  const yt: YTrack = {
    id,
    title: uniqueName("Песня"),
    durationMs: 201_000,
    artists: [{ id: randomInt(1e5, 9e5), name: uniqueName("Артист") }],
    album: { id: randomInt(3e6, 9e6), title: uniqueName("Альбом"), genre: t.genre, year: 2024 },
    ...t,
  };
  await yandex.addTrack(yt);
  const [trackId] = await upsertTracks(db, [
    {
      provider: "yandex",
      externalId: id,
      title: yt.title,
      artists: yt.artists.map((a) => ({ name: a.name, externalId: String(a.id) })),
      album: yt.album ? { title: yt.album.title, externalId: String(yt.album.id) } : undefined,
      durationMs: yt.durationMs ?? null,
    },
  ]);
  if (!trackId) throw new Error("no track");
  if (opts.listener !== "none") {
    const { userId } = await yandexUser({ prefix: "yenrich", status: opts.listener });
    await db.insert(likes).values({ userId, trackId, provider: "yandex", likedAt: new Date() });
  }
  const [row] = await db.select().from(tracks).where(eq(tracks.id, trackId));
  return { id, yt, trackId, albumId: row?.albumId ?? 0, since: Date.now() };
}

const lyricsOf = async (trackId: number) =>
  (await getDb().select().from(lyrics).where(eq(lyrics.trackId, trackId)))[0];
const yandexGenres = async (albumId: number) =>
  (
    await getDb()
      .select()
      .from(albumGenres)
      .where(and(eq(albumGenres.albumId, albumId), eq(albumGenres.source, "yandex")))
  ).map((g) => g.genre);
const lyricsCalls = async (id: string, since: number) =>
  yandex.requests({ path: `/tracks/${id}/lyrics`, since });
/** POST /tracks calls about this track (other test files call the same fake meanwhile). */
const detailCalls = async (id: string, since: number) =>
  (await yandex.requests({ path: "/tracks", since })).filter(
    (r) => r.path === "/tracks" && new URLSearchParams(r.body).get("track-ids") === id,
  );

describe("enrich-track with Yandex", () => {
  it("LRCLIB misses, Yandex has synced lyrics: stored and credited to Yandex; the album genre is Yandex's", async () => {
    const t = await yandexTrack({ genre: "rusrap", lyrics: { lrc: LRC, text: "Первая строка\n" } });
    const res = await runEnrichTrack(deps, { trackId: t.trackId });
    expect(res).toMatchObject({ kind: "done", lyrics: "synced" });
    expect(res.kind === "done" && res.genres).toContain("yandex:rusrap");

    const l = await lyricsOf(t.trackId);
    expect(l).toMatchObject({ found: true, source: "yandex", synced: LRC, retryAfter: null });
    expect(l?.plain).toBe("Первая строка\nПрипев\n");
    // Licensed text: its writers and provider travel with it, up to what the lyrics page gets.
    expect(l?.credits).toEqual({ writers: ["A. Author"], provider: "Provider" });
    expect(await getLyrics(getDb(), t.trackId)).toMatchObject({
      status: "found",
      source: "yandex",
      credits: { writers: ["A. Author"], provider: "Provider" },
    });
    const [lookup] = await getDb()
      .select()
      .from(lyricsLookups)
      .where(eq(lyricsLookups.providerRecordId, "123456"));
    expect(lookup?.source).toBe("yandex");
    expect(await yandexGenres(t.albumId)).toEqual(["rusrap"]);

    // LRCLIB was asked first; the signed call carried the signature; the download went without our token.
    const [signed] = await lyricsCalls(t.id, t.since);
    const lrcFirst = lrc.requests().find((r) => r.query.track_name === t.yt.title);
    expect(lrcFirst?.at).toBeLessThanOrEqual(signed?.at ?? 0);
    expect(signed).toMatchObject({ status: 200, query: { format: "LRC" } });
    expect(signed?.query.sign).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const [download] = await yandex.requests({ path: "/__lyrics/", since: t.since });
    expect(download?.status).toBe(200);
    expect(download?.headers.authorization).toBeUndefined();
  });

  it("LRCLIB has a synced version: Yandex lyrics are not asked for, the genre still comes from Yandex", async () => {
    const t = await yandexTrack({ genre: "alternative", lyrics: { lrc: LRC } });
    lrclibHas(t.yt, { plain: "from lrclib\n", synced: "[00:02.00] from lrclib\n" });
    expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ lyrics: "synced" });
    expect(await lyricsOf(t.trackId)).toMatchObject({
      source: "lrclib",
      plain: "from lrclib\n",
      credits: null,
    });
    expect(await lyricsCalls(t.id, t.since)).toHaveLength(0);
    expect(await detailCalls(t.id, t.since)).toHaveLength(1);
    expect(await yandexGenres(t.albumId)).toEqual(["alternative"]);
  });

  it("a synced Yandex text beats LRCLIB's plain one; Yandex plain text fills an LRCLIB miss", async () => {
    const a = await yandexTrack({ lyrics: { lrc: LRC } });
    lrclibHas(a.yt, { plain: "plain from lrclib\n", synced: null });
    expect(await runEnrichTrack(deps, { trackId: a.trackId })).toMatchObject({ lyrics: "synced" });
    expect(await lyricsOf(a.trackId)).toMatchObject({ source: "yandex", synced: LRC });

    const b = await yandexTrack({ lyrics: { text: "Только текст\n" } });
    expect(await runEnrichTrack(deps, { trackId: b.trackId })).toMatchObject({ lyrics: "plain" });
    const l = await lyricsOf(b.trackId);
    expect(l).toMatchObject({ source: "yandex", plain: "Только текст\n", synced: null });
    // plain-only is looked at again for a synced version after 30 days
    expect((l?.retryAfter?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * DAY);
    expect((await lyricsCalls(b.id, b.since))[0]?.query.format).toBe("TEXT");
  });

  it("no lyrics anywhere is a cached miss: without the flags no signed call; advertised but 404 not-found", async () => {
    const none = await yandexTrack({});
    expect(await runEnrichTrack(deps, { trackId: none.trackId })).toMatchObject({ lyrics: "miss" });
    expect(await lyricsCalls(none.id, none.since)).toHaveLength(0);

    const gone = await yandexTrack({
      lyricsInfo: { hasAvailableSyncLyrics: true, hasAvailableTextLyrics: true },
    });
    expect(await runEnrichTrack(deps, { trackId: gone.trackId })).toMatchObject({ lyrics: "miss" });
    const [call] = await lyricsCalls(gone.id, gone.since);
    expect(call?.status).toBe(404);
    const l = await lyricsOf(gone.trackId);
    expect(l).toMatchObject({ found: false, source: null });
    expect((l?.retryAfter?.getTime() ?? 0) - Date.now()).toBeGreaterThan(DAY - 60_000);
  });

  it("only a listener's connection is used: nobody connected, or a connection needing re-auth, means no Yandex call", async () => {
    for (const listener of ["none", "needs_reauth"] as const) {
      const t = await yandexTrack({ genre: "pop", lyrics: { lrc: LRC } }, { listener });
      expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ lyrics: "miss" });
      expect(await detailCalls(t.id, t.since)).toHaveLength(0);
      expect(await yandexGenres(t.albumId)).toEqual([]);
    }
  });

  it("a Yandex 500 caches nothing: the job fails and its retry stores the lyrics", async () => {
    const t = await yandexTrack({ lyrics: { lrc: LRC } });
    // The client retries GETs twice on 5xx; three failures in a row reach the job.
    await yandex.failNext({ path: `/tracks/${t.id}/lyrics`, status: 500, count: 3 });
    await expect(runEnrichTrack(deps, { trackId: t.trackId })).rejects.toMatchObject({ kind: "transient" });
    expect(await lyricsOf(t.trackId)).toBeUndefined();
    expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ lyrics: "synced" });
    expect(await lyricsOf(t.trackId)).toMatchObject({ source: "yandex" });
  });

  // Last in this file: after an `Invalid Sign` the source rests for an hour in this process.
  it("a bad signing key (403 Invalid Sign) makes the source unavailable, not the track a miss", async () => {
    const t = await yandexTrack({ lyrics: { lrc: LRC } });
    process.env.YANDEX_LYRICS_SIGN_KEY = "not-the-apps-key";
    resetEnvCache();
    try {
      expect(await runEnrichTrack(deps, { trackId: t.trackId })).toMatchObject({ lyrics: "miss" });
      const [call] = await lyricsCalls(t.id, t.since);
      expect(call?.status).toBe(403);
      // Asked again at once: the source rests, no signed call is wasted, the miss does not advance.
      expect(await runEnrichTrack(deps, { trackId: t.trackId, force: true })).toMatchObject({
        lyrics: "miss",
      });
      expect(await lyricsCalls(t.id, t.since)).toHaveLength(1);
      const [row] = await getDb()
        .select({ attempts: lyricsLookups.attempts })
        .from(lyricsLookups)
        .where(eq(lyricsLookups.signatureHash, await lookupHashOf(t.trackId)));
      expect(row?.attempts).toBe(1);
    } finally {
      fakeControls();
    }
  });
});

async function lookupHashOf(trackId: number): Promise<string> {
  const t = await loadTrack(getDb(), trackId);
  if (!t) throw new Error("no track");
  return signatureHash({
    track: t.title,
    artist: t.artist?.name ?? "",
    album: t.album,
    durationS: t.durationMs ? Math.round(t.durationMs / 1000) : null,
  });
}
