import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  albums,
  artists,
  type LyricsCredits,
  lyrics,
  lyricsLookups,
  trackArtists,
  tracks,
} from "@/db/schema";
import type { Payload } from "@/lib/jobs/contract";
import { count } from "@/lib/jobs/counters";
import type { LrclibClient } from "@/lib/providers/lyrics/lrclib";
import { type LyricsSignature, signatureHash } from "@/lib/providers/lyrics/signature";
import type { MusicBrainzClient } from "@/lib/providers/musicbrainz/client";
import { SourceError } from "@/lib/providers/polite";
import { QueueRateLimited } from "../errors";
import { enrichGenres } from "./enrich-genres";
import type { YandexView } from "./enrich-yandex";

export type LyricsFound = {
  outcome: "synced" | "plain" | "instrumental";
  source: "lrclib" | "yandex";
  id: string;
  plain: string | null;
  synced: string | null;
  /** Writers and licensing provider, shown with the text where the source names them. */
  credits?: LyricsCredits;
};

export type EnrichDeps = {
  db: Db;
  lrclib: LrclibClient;
  musicbrainz: MusicBrainzClient;
  /** The track as Yandex sees it (album genre, lyrics), or null: not a Yandex track, or no listener connected. */
  yandex?: (db: Db, trackId: number) => Promise<YandexView | null>;
  /** Spotify genres of the track's first artist, where Spotify still sends them (extended-quota apps). */
  spotifyGenres?: (db: Db, track: EnrichTrack) => Promise<string[]>;
  now?: () => Date;
};

export type EnrichTrack = {
  id: number;
  title: string;
  albumId: number | null;
  isrc: string | null;
  durationMs: number | null;
  album: string | null;
  artist: { id: number; name: string; mbid: string | null } | null;
};

const DAY = 24 * 3600_000;
// A miss is looked at again after 1, 7, then 30 days: LRCLIB learns tracks over time (lyrics-api.md §4.3).
const MISS_RETRY_DAYS = [1, 7, 30];
const PLAIN_RECHECK_DAYS = 30;

export async function loadTrack(db: Db, trackId: number): Promise<EnrichTrack | null> {
  const [t] = await db
    .select({
      id: tracks.id,
      title: tracks.title,
      albumId: tracks.albumId,
      isrc: tracks.isrc,
      durationMs: tracks.durationMs,
      album: albums.title,
    })
    .from(tracks)
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(eq(tracks.id, trackId));
  if (!t) return null;
  const [a] = await db
    .select({ id: artists.id, name: artists.name, mbid: artists.mbid })
    .from(trackArtists)
    .innerJoin(artists, eq(artists.id, trackArtists.artistId))
    .where(eq(trackArtists.trackId, trackId))
    .orderBy(asc(trackArtists.position))
    .limit(1);
  return { ...t, artist: a ?? null };
}

/** Lyrics and genres for one track. Source trouble throws (the job retries with backoff); a 429 pauses the queue. */
export async function runEnrichTrack(deps: EnrichDeps, p: Payload<"enrich-track">) {
  const track = await loadTrack(deps.db, p.trackId);
  if (!track) return { kind: "gone" as const };
  // Asked at most once per job, and only if lyrics or genres need it.
  let view: Promise<YandexView | null> | undefined;
  const yandex = () => (view ??= deps.yandex?.(deps.db, track.id) ?? Promise.resolve(null));
  try {
    const lyricsOutcome = track.artist
      ? await enrichLyrics(deps, track, p.force ?? false, yandex)
      : "no-artist";
    const genres = await enrichGenres(deps, track, yandex);
    await deps.db
      .update(tracks)
      .set({ enrichedAt: deps.now?.() ?? new Date() })
      .where(eq(tracks.id, track.id));
    return { kind: "done" as const, lyrics: lyricsOutcome, genres };
  } catch (err) {
    if (err instanceof SourceError && err.kind === "rate_limited") {
      throw new QueueRateLimited(err.retryAfterMs ?? 60_000);
    }
    throw err;
  }
}

/**
 * LRCLIB first, then Yandex lyrics for a Yandex track when LRCLIB has no synced version (issue #4); a synced
 * text beats a plain one, whoever has it. Hits and misses are cached by signature (lyrics-api.md §4.3).
 */
export async function enrichLyrics(
  deps: EnrichDeps,
  track: EnrichTrack,
  force: boolean,
  yandex: () => Promise<YandexView | null> = async () => null,
): Promise<string> {
  const now = deps.now?.() ?? new Date();
  const artist = track.artist?.name ?? "";
  const sig: LyricsSignature = {
    track: track.title,
    artist,
    album: track.album,
    durationS: track.durationMs ? Math.round(track.durationMs / 1000) : null,
  };
  const hash = signatureHash(sig);
  const [cached] = await deps.db.select().from(lyricsLookups).where(eq(lyricsLookups.signatureHash, hash));
  const fresh = cached && (!cached.retryAfter || cached.retryAfter > now);
  if (cached && fresh && !force) {
    await storeForTrack(deps.db, track.id, cached);
    return `cached-${cached.outcome}`;
  }
  let best = await fromLrclib(deps.lrclib, sig);
  let yandexDown = false;
  if (!best || best.outcome === "plain") {
    const y = (await (await yandex())?.lyrics()) ?? null;
    if (y === "unavailable") yandexDown = true;
    else if (y && (!best || y.outcome === "synced")) best = y;
  }
  // A source that did not work for us (Yandex `Invalid Sign`) is no evidence against the track: the miss
  // keeps its place in the 1/7/30-day schedule instead of moving on.
  const missesBefore = cached?.outcome === "miss" ? cached.attempts : 0;
  const attempts = best ? 1 : yandexDown ? Math.max(missesBefore, 1) : missesBefore + 1;
  const retryDays = best
    ? best.outcome === "plain"
      ? PLAIN_RECHECK_DAYS
      : null
    : MISS_RETRY_DAYS[Math.min(attempts, 3) - 1];
  const row = {
    signatureHash: hash,
    outcome: best?.outcome ?? ("miss" as const),
    source: best?.source ?? null,
    providerRecordId: best?.id ?? null,
    plain: best?.plain ?? null,
    synced: best?.synced ?? null,
    credits: best?.credits && Object.keys(best.credits).length ? best.credits : null,
    attempts,
    fetchedAt: now,
    retryAfter: retryDays ? new Date(now.getTime() + retryDays * DAY) : null,
    signature: { track: sig.track, artist: sig.artist, album: sig.album, duration: sig.durationS },
  };
  await deps.db
    .insert(lyricsLookups)
    .values(row)
    .onConflictDoUpdate({ target: lyricsLookups.signatureHash, set: row });
  await storeForTrack(deps.db, track.id, row);
  count(best ? "lyrics_fetched" : "lyrics_missed");
  return row.outcome;
}

async function fromLrclib(lrclib: LrclibClient, sig: LyricsSignature): Promise<LyricsFound | null> {
  // Without a duration /api/get cannot match well (§4.1): straight to search.
  const rec =
    (sig.durationS ? ((await lrclib.get(sig, { cachedOnly: true })) ?? (await lrclib.get(sig))) : null) ??
    (await lrclib.search(sig));
  if (!rec) return null;
  const id = String(rec.id);
  if (rec.instrumental) return { outcome: "instrumental", source: "lrclib", id, plain: null, synced: null };
  if (rec.syncedLyrics) {
    const plain = rec.plainLyrics ?? rec.syncedLyrics.replace(/^\[[^\]]*\]\s?/gm, "");
    return { outcome: "synced", source: "lrclib", id, plain, synced: rec.syncedLyrics };
  }
  // A record with neither lyrics nor the instrumental flag is a miss, not an instrumental (§1.2).
  if (rec.plainLyrics)
    return { outcome: "plain", source: "lrclib", id, plain: rec.plainLyrics, synced: null };
  return null;
}

async function storeForTrack(
  db: Db,
  trackId: number,
  r: {
    outcome: string;
    source: "lrclib" | "yandex" | null;
    plain: string | null;
    synced: string | null;
    credits: LyricsCredits | null;
    fetchedAt: Date;
    retryAfter: Date | null;
  },
): Promise<void> {
  const row = {
    trackId,
    source: r.source,
    plain: r.plain,
    synced: r.synced,
    credits: r.credits,
    instrumental: r.outcome === "instrumental",
    found: r.outcome !== "miss",
    fetchedAt: r.fetchedAt,
    retryAfter: r.retryAfter,
  };
  // views are the lyrics page's counter; an enrichment never resets them.
  await db
    .insert(lyrics)
    .values(row)
    .onConflictDoUpdate({ target: lyrics.trackId, set: { ...row, views: sql`${lyrics.views}` } });
}
