/**
 * Typed Spotify Web API client (spotify-api.md §4, §6). Every call: Bearer token from a TokenSource, the
 * instance-wide 429 pause, one refresh-and-retry on 401, no retry on 403 (configuration), backoff on 5xx,
 * the body read exactly once, and zod parsing into domain objects.
 */
import type { z } from "zod";
import { env } from "@/lib/env";
import { ProviderError } from "../errors";
import { type PauseStore, sharedPause } from "../pause";
import type { PlaybackSnapshot } from "../types";
import { mapPlayback, mapTrack } from "./map";
import { apiError, artist, me, playback, savedTracks } from "./schemas";

export type TokenSource = {
  /** A valid access token (refreshed ahead of expiry by the caller's store). */
  get(): Promise<string>;
  /** Called after a 401: refresh now and return the new token (throws ProviderError "auth" when revoked). */
  refresh(): Promise<string>;
};

const RETRIES_5XX = [500, 1500];
const playerPath = (full: boolean) => (full ? "/me/player" : "/me/player/currently-playing");

export class SpotifyClient {
  private pause: PauseStore;
  constructor(
    private tokens: TokenSource,
    opts: { pause?: PauseStore; timeoutMs?: number } = {},
  ) {
    this.pause = opts.pause ?? sharedPause("spotify");
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }
  private timeoutMs: number;

  async me(): Promise<{ accountId: string; name: string }> {
    const m = await this.get("/me", me);
    return { accountId: m?.account_id ?? m?.id ?? "", name: m?.display_name ?? m?.id ?? "" };
  }

  /** GET /me/player (device, private session); 204 → kind "none". */
  async player(): Promise<PlaybackSnapshot> {
    return this.playback(true);
  }

  /** Fallback when only user-read-currently-playing was granted (no device information). */
  async currentlyPlaying(): Promise<PlaybackSnapshot> {
    return this.playback(false);
  }

  private async playback(full: boolean): Promise<PlaybackSnapshot> {
    const body = await this.playerBody(full);
    return mapPlayback(body === null ? null : this.parse(playerPath(full), body, playback), Date.now());
  }

  /**
   * The JSON of /me/player (`full`) or /me/player/currently-playing, unvalidated, or null for 204: for a
   * caller that validates the body with its own schema (the poll's listening rules), so it is parsed once.
   */
  async playerBody(full: boolean): Promise<unknown> {
    const path = playerPath(full);
    const text = await this.request(`${path}?additional_types=track,episode`);
    return text === null ? null : this.json(path, text);
  }

  /**
   * The JSON of recently-played, unvalidated (an empty page for 204): for the reconcile, whose listening
   * rules validate it with their own schema, so it is parsed once. `after`/`before`: exclusive unix ms.
   */
  async recentlyPlayedBody(opts: RecentOpts = {}): Promise<unknown> {
    const path = recentPath(opts);
    const text = await this.request(path);
    return text === null ? { items: [] } : this.json(path, text);
  }

  async savedTracks(opts: { limit?: number; offset?: number } = {}) {
    const q = new URLSearchParams({ limit: String(opts.limit ?? 50), offset: String(opts.offset ?? 0) });
    const r = await this.get(`/me/tracks?${q}`, savedTracks);
    return {
      total: r?.total ?? 0,
      hasNext: Boolean(r?.next),
      items: (r?.items ?? []).map((i) => ({ track: mapTrack(i.track), addedAt: new Date(i.added_at) })),
    };
  }

  /** GET /me/library/contains for up to 40 Spotify URIs (the replacement of /me/tracks/contains). */
  async libraryContains(uris: string[]): Promise<boolean[]> {
    if (uris.length === 0) return [];
    if (uris.length > 40) throw new ProviderError("spotify", "invalid", "at most 40 URIs per call");
    const text = await this.request(`/me/library/contains?uris=${encodeURIComponent(uris.join(","))}`);
    const arr = text === null ? [] : (JSON.parse(text) as unknown);
    if (!Array.isArray(arr) || arr.some((v) => typeof v !== "boolean"))
      throw new ProviderError("spotify", "transient", "unexpected library/contains response");
    return arr as boolean[];
  }

  /** One artist (the batch endpoint is gone in development mode); cache the result, see artists.ts. */
  async artist(id: string) {
    const a = await this.get(`/artists/${encodeURIComponent(id)}`, artist);
    if (!a) throw new ProviderError("spotify", "not_found", "artist not found");
    return {
      id: a.id,
      name: a.name,
      imageUrl: a.images?.[0]?.url,
      genres: a.genres ?? [],
    };
  }

  private async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | null> {
    const text = await this.request(path);
    if (text === null) return null;
    return this.parse(path, this.json(path, text), schema);
  }

  private json(path: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderError("spotify", "transient", `malformed JSON from ${path.split("?")[0]}`);
    }
  }

  private parse<S extends z.ZodType>(path: string, body: unknown, schema: S): z.infer<S> {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ProviderError("spotify", "transient", `unexpected response from ${path.split("?")[0]}`);
    return parsed.data;
  }

  /** The body text of a 200, or null for 204. */
  private async request(path: string): Promise<string | null> {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const until = await this.pause.until();
      if (until) {
        throw new ProviderError("spotify", "rate_limited", "Spotify rate limit: waiting", {
          retryAfterMs: until - Date.now(),
        });
      }
      const token = await this.tokens.get();
      // A timer cleared when the body is in, not AbortSignal.timeout: that one fires 10 s later for every
      // finished request too (a DOMException and an abort event each), a good part of a poll's CPU.
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), this.timeoutMs);
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${env().SPOTIFY_API_URL.replace(/\/$/, "")}${path}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: abort.signal,
        });
        text = await res.text();
      } catch (err) {
        if (attempt < RETRIES_5XX.length) {
          await backoff(attempt);
          continue;
        }
        throw new ProviderError("spotify", "transient", `Spotify unreachable: ${(err as Error).name}`);
      } finally {
        clearTimeout(timer);
      }
      if (res.status === 204) return null;
      if (res.ok) return text;
      const reason = parseReason(text);
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        await this.tokens.refresh();
        continue;
      }
      if (res.status === 401)
        throw new ProviderError("spotify", "auth", "Spotify rejected the token", { status: 401 });
      if (res.status === 403)
        throw new ProviderError("spotify", "config", reason.message ?? "Forbidden", { status: 403 });
      if (res.status === 404) throw new ProviderError("spotify", "not_found", "not found", { status: 404 });
      if (res.status === 429) {
        const s = Number(res.headers.get("retry-after"));
        const retryAfterMs = (Number.isFinite(s) && s > 0 ? s : 5) * 1000;
        await this.pause.pauseUntil(Date.now() + retryAfterMs);
        throw new ProviderError("spotify", "rate_limited", "Spotify rate limit", {
          status: 429,
          retryAfterMs,
          reason: reason.reason,
        });
      }
      if (res.status >= 500 && attempt < RETRIES_5XX.length) {
        await backoff(attempt);
        continue;
      }
      const kind = res.status >= 500 ? "transient" : "invalid";
      throw new ProviderError("spotify", kind, `Spotify answered ${res.status}`, { status: res.status });
    }
  }
}

function parseReason(text: string): { message?: string; reason?: string } {
  try {
    const e = apiError.safeParse(JSON.parse(text));
    return e.success ? { message: e.data.error.message, reason: e.data.error.reason } : {};
  } catch {
    return {};
  }
}

function backoff(attempt: number): Promise<void> {
  const base = RETRIES_5XX[attempt] ?? 2000;
  return new Promise((r) => setTimeout(r, base + Math.random() * base * 0.3));
}

type RecentOpts = { after?: number; before?: number; limit?: number };

function recentPath(opts: RecentOpts): string {
  const q = new URLSearchParams({ limit: String(opts.limit ?? 50) });
  if (opts.after !== undefined) q.set("after", String(opts.after));
  else if (opts.before !== undefined) q.set("before", String(opts.before));
  return `/me/player/recently-played?${q}`;
}
