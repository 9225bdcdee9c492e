/**
 * GET /api/now-playing (seed-app-contract §2.2): the original statuses and fields, plus progress_ms,
 * is_playing, device, connection status and last sync. Provider failures map to a status, never a 500:
 * rejected tokens → auth_error, misconfiguration → auth_error with reason config_error, transient
 * failures and rate limits → loading. Results are cached a few seconds per user and source.
 */
import type { Db } from "@/db/client";
import type { Provider } from "@/db/schema";
import { ProviderError } from "@/lib/providers/errors";
import type { PlaybackDevice, ProviderTrack } from "@/lib/providers/types";
import { TtlCache } from "./cache";
import { consentExpiresAt } from "./consent";
import { observedNowPlaying } from "./now-playing-observed";
import { spotifyNowPlaying } from "./now-playing-spotify";
import { nowPlayingTrackId } from "./now-playing-track";
import { yandexNowPlaying } from "./now-playing-yandex";
import { wakePolling } from "./polling";
import { type Connection, getConnection, markConnection } from "./store";

export type NowPlayingStatus = "ok" | "paused" | "empty" | "loading" | "not_connected" | "auth_error";

export type NowPlaying = {
  status: NowPlayingStatus;
  source: Provider | null;
  track?: {
    external_id: string;
    title: string;
    artist: string;
    artists: string[];
    cover: string;
    progress_ms: number;
    duration_ms: number | null;
    track_id?: number;
    url?: string;
  };
  is_playing?: boolean;
  progress_ms?: number;
  device?: PlaybackDevice | null;
  connection?: {
    status: Connection["status"];
    account_name: string | null;
    last_sync: string | null;
    /** Spotify: when the consent runs out and the user must reconnect (lib/connections/consent.ts). */
    consent_expires_at?: string;
  };
  /** Why a non-ok status: needs_reauth, config_error, rate_limited, unavailable. */
  reason?: string;
  retry_after_ms?: number;
  /** Server time (ms) of the observation, so the browser can extrapolate the position. */
  fetched_at: number;
};

/** What a provider reports before the common fields are added. */
export type ProviderResult = Omit<NowPlaying, "source" | "connection" | "fetched_at" | "track"> & {
  track?: ProviderTrack & { progressMs: number };
};

const CACHE_MS = 3000;
const cache = new TtlCache<NowPlaying>(CACHE_MS);

export function forgetNowPlaying(userId: number): void {
  cache.delete(`${userId}:`);
}

export async function getNowPlaying(db: Db, userId: number, source: Provider): Promise<NowPlaying> {
  return advance(await cache.get(`${userId}:${source}`, () => load(db, userId, source)), Date.now());
}

/**
 * A cached answer may be a few seconds old: a playing track's position moves on to `now`, so a page that
 * extrapolates from the answer's arrival (the progress bar, synced lyrics) is never behind by the cache age.
 */
export function advance(np: NowPlaying, now: number): NowPlaying {
  const elapsed = now - np.fetched_at;
  if (!np.is_playing || !np.track || elapsed <= 0) return np;
  const moved = np.track.progress_ms + elapsed;
  const progress = np.track.duration_ms ? Math.min(moved, np.track.duration_ms) : moved;
  return { ...np, progress_ms: progress, track: { ...np.track, progress_ms: progress }, fetched_at: now };
}

async function load(db: Db, userId: number, source: Provider): Promise<NowPlaying> {
  const conn = await getConnection(db, userId, source);
  const base = { source, fetched_at: Date.now() };
  if (!conn) return { status: "not_connected", ...base };
  const connection = {
    status: conn.status,
    account_name: conn.externalName,
    last_sync: conn.lastSuccessAt?.toISOString() ?? null,
    consent_expires_at: consentExpiresAt(conn.provider, conn.consentAt)?.toISOString(),
  };
  if (conn.status === "needs_reauth" || conn.status === "config_error") {
    return { status: "auth_error", reason: conn.status, ...base, connection };
  }
  // Spotify: the worker's fresh look when it has one (Yandex's comes from the Ynison socket anyway).
  const observed = source === "spotify" ? await observedNowPlaying(db, userId, base.fetched_at) : null;
  let result: ProviderResult;
  try {
    result =
      observed ??
      (source === "spotify" ? await spotifyNowPlaying(db, conn) : await yandexNowPlaying(db, conn));
  } catch (err) {
    result = await fromError(db, conn, err);
  }
  // The worker may be looking only every few minutes (idle, or never seen playing): what this page saw
  // itself starts the scrobbler's close watch now, not at its next heartbeat.
  if (!observed && result.is_playing) void wakePolling(db, userId, source);
  const { track, ...rest } = result;
  return { ...rest, ...base, connection, ...(track && { track: await present(db, userId, track) }) };
}

async function fromError(db: Db, conn: Connection, err: unknown): Promise<ProviderResult> {
  if (!(err instanceof ProviderError)) throw err;
  if (err.kind === "auth") {
    await markConnection(db, conn.id, {
      status: "needs_reauth",
      lastError: err.message,
      lastErrorAt: new Date(),
    });
    return { status: "auth_error", reason: "needs_reauth" };
  }
  if (err.kind === "config") {
    await markConnection(db, conn.id, {
      status: "config_error",
      lastError: err.message,
      lastErrorAt: new Date(),
    });
    return { status: "auth_error", reason: "config_error" };
  }
  if (err.kind === "rate_limited")
    return { status: "loading", reason: "rate_limited", retry_after_ms: err.info.retryAfterMs };
  return { status: "loading", reason: "unavailable" };
}

async function present(
  db: Db,
  userId: number,
  t: ProviderTrack & { progressMs: number },
): Promise<NonNullable<NowPlaying["track"]>> {
  const artists = t.artists.map((a) => a.name);
  const title = t.version ? `${t.title} (${t.version})` : t.title;
  return {
    external_id: t.externalId ?? "",
    title,
    artist: artists.join(", "),
    artists,
    cover: t.coverUrl,
    progress_ms: Math.round(t.progressMs),
    duration_ms: t.durationMs,
    track_id: t.externalId ? await nowPlayingTrackId(db, userId, t.provider, t.externalId) : undefined,
    url: t.url,
  };
}
