/**
 * Yandex Music REST client (yandex-music-api.md Part A): required headers, the `{invocationInfo, result}`
 * wrapper (and the two older shapes), the HTML captcha 429 recognised and cooled down per endpoint family,
 * GET retries on 5xx, one request at a time per token. Server-side only: the token never leaves this process.
 */
import { createHash, createHmac } from "node:crypto";
import type { z } from "zod";
import { env } from "@/lib/env";
import { ProviderError } from "../errors";
import type { ProviderTrack } from "../types";
import { mapTrack } from "./map";
import { accountStatus, errorBody, likes, lyrics, musicHistory, track } from "./schemas";

/** Lyrics text with what A.7 says to show as attribution: the writers and the licensing provider. */
export type YandexLyrics = { text: string; id: string | null; writers: string[]; provider: string | null };

const RETRY_STATUS = new Set([408, 425, 500, 502, 503, 504]);
const CAPTCHA_STEPS_MS = [60_000, 300_000, 600_000];

// Per endpoint family: when the captcha cool-down ends, and how many captchas in a row we have seen.
const cooldowns = new Map<string, { until: number; strikes: number }>();
// One request at a time per token (A.10): a promise chain keyed by a hash of the token.
const queues = new Map<string, Promise<unknown>>();

export function endpointFamily(path: string): string {
  if (/\/likes\//.test(path)) return "likes";
  return path.split("?")[0]?.split("/").filter(Boolean)[0] ?? "root";
}

export function isCaptcha(status: number, contentType: string | null, body: string): boolean {
  return (
    status === 429 && (!contentType?.includes("json") || /smart-captcha|captcha_smart|about-429/.test(body))
  );
}

export class YandexClient {
  private key: string;
  constructor(private token: string) {
    this.key = createHash("sha256").update(token).digest("hex").slice(0, 16);
  }

  /** Validates the token: null when Yandex does not know it (no uid), else the account. */
  async accountStatus(): Promise<{ uid: string; login: string; displayName: string } | null> {
    try {
      const r = await this.call("GET", "/account/status", accountStatus);
      const a = r.account;
      if (!a.uid) return null;
      return { uid: a.uid, login: a.login ?? a.uid, displayName: a.displayName ?? a.login ?? a.uid };
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "auth") return null;
      throw err;
    }
  }

  async likedTracks(uid: string, sinceRevision = 0) {
    const r = await this.call(
      "GET",
      `/users/${uid}/likes/tracks?if-modified-since-revision=${sinceRevision}`,
      likes,
    );
    return {
      revision: r.library.revision ?? 0,
      items: r.library.tracks.map((t) => ({
        trackId: t.id.split(":")[0] ?? t.id,
        albumId: t.albumId ?? undefined,
        likedAt: t.timestamp ? new Date(t.timestamp) : null,
      })),
    };
  }

  /** Batch details (POST /tracks), 100 ids per call, in order; unknown ids are simply missing. */
  async tracks(ids: string[]): Promise<ProviderTrack[]> {
    const out: ProviderTrack[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const body = new URLSearchParams({
        "track-ids": ids.slice(i, i + 100).join(","),
        "with-positions": "false",
      });
      const list = await this.call("POST", "/tracks", track.array(), body);
      out.push(...list.map(mapTrack));
    }
    return out;
  }

  /**
   * Play history grouped by local day, without per-play times (A.8): a weak "possibly missed plays" signal,
   * never a source of timestamps. The first `fullModels` items carry full track metadata.
   */
  async musicHistory(fullModels = 0) {
    const r = await this.call("GET", `/music-history?fullModelsCount=${fullModels}`, musicHistory);
    return r.historyTabs.map((tab) => ({
      date: tab.date,
      tracks: tab.items.flatMap((i) =>
        i.tracks
          .filter((t) => (t.type ?? "track") === "track" && t.data.itemId?.trackId)
          .map((t) => ({
            trackId: t.data.itemId?.trackId ?? "",
            albumId: t.data.itemId?.albumId ?? undefined,
            track: t.data.fullModel ? mapTrack(t.data.fullModel) : undefined,
          })),
      ),
    }));
  }

  /**
   * What enrichment reads from one track: its album's genre (A.6; a Yandex slug such as "rusrap", often
   * absent) and which lyrics formats exist (A.7), so no signed lyrics call is made for nothing.
   */
  async trackFacts(
    trackId: string,
  ): Promise<{ genre: string | null; syncLyrics: boolean; textLyrics: boolean } | null> {
    const body = new URLSearchParams({ "track-ids": trackId, "with-positions": "false" });
    const [t] = await this.call("POST", "/tracks", track.array(), body);
    if (!t) return null;
    return {
      genre: t.albums?.[0]?.genre ?? null,
      syncLyrics: Boolean(t.lyricsInfo?.hasAvailableSyncLyrics),
      textLyrics: Boolean(t.lyricsInfo?.hasAvailableTextLyrics),
    };
  }

  /**
   * Signed lyrics (A.7): LRC or plain text with Yandex's lyric id, or null when the track has none.
   * Needs YANDEX_LYRICS_SIGN_KEY; a bad or stale key answers 403 `Invalid Sign` (ProviderError "invalid").
   */
  async lyrics(trackId: string, format: "LRC" | "TEXT"): Promise<YandexLyrics | null> {
    const key = env().YANDEX_LYRICS_SIGN_KEY;
    if (!key) throw new ProviderError("yandex", "config", "YANDEX_LYRICS_SIGN_KEY is not set");
    const numeric = trackId.split(":")[0] ?? trackId;
    const ts = Math.floor(Date.now() / 1000);
    const sign = createHmac("sha256", key).update(`${numeric}${ts}`).digest("base64");
    const q = new URLSearchParams({ format, timeStamp: String(ts), sign });
    let info: z.infer<typeof lyrics>;
    try {
      info = await this.call("GET", `/tracks/${numeric}/lyrics?${q}`, lyrics);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "not_found") return null;
      throw err;
    }
    // The download URL is pre-signed storage: no auth headers, never stored.
    const res = await fetch(info.downloadUrl, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new ProviderError("yandex", "transient", `lyrics download answered ${res.status}`);
    return {
      text: await res.text(),
      id: info.lyricId ?? null,
      writers: info.writers ?? [],
      provider: info.major?.prettyName ?? info.major?.name ?? null,
    };
  }

  private call<S extends z.ZodType>(method: string, path: string, schema: S, form?: URLSearchParams) {
    const prev = queues.get(this.key) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(() => this.send(method, path, schema, form));
    queues.set(this.key, next);
    void next
      .finally(() => {
        if (queues.get(this.key) === next) queues.delete(this.key);
      })
      .catch(() => {});
    return next;
  }

  private async send<S extends z.ZodType>(method: string, path: string, schema: S, form?: URLSearchParams) {
    const family = endpointFamily(path);
    const cd = cooldowns.get(family);
    if (cd && cd.until > Date.now()) {
      throw new ProviderError("yandex", "rate_limited", `Yandex captcha cool-down (${family})`, {
        retryAfterMs: cd.until - Date.now(),
      });
    }
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${env().YANDEX_MUSIC_API_URL.replace(/\/$/, "")}${path}`, {
          method,
          headers: this.headers(form),
          body: form,
          signal: AbortSignal.timeout(8_000),
        });
      } catch (err) {
        if (method === "GET" && attempt < 2) {
          await sleep(250 * 4 ** attempt);
          continue;
        }
        throw new ProviderError("yandex", "transient", `Yandex unreachable: ${(err as Error).name}`);
      }
      const text = await res.text();
      if (isCaptcha(res.status, res.headers.get("content-type"), text)) {
        const strikes = (cd?.strikes ?? 0) + 1;
        const wait = CAPTCHA_STEPS_MS[Math.min(strikes, CAPTCHA_STEPS_MS.length) - 1] ?? 600_000;
        cooldowns.set(family, { until: Date.now() + wait, strikes });
        throw new ProviderError("yandex", "rate_limited", "Yandex captcha", {
          status: 429,
          retryAfterMs: wait,
          reason: "captcha",
        });
      }
      if (RETRY_STATUS.has(res.status) && method === "GET" && attempt < 2) {
        await sleep(250 * 4 ** attempt);
        continue;
      }
      if (res.ok) cooldowns.delete(family);
      return this.unwrap(res.status, text, schema, path);
    }
  }

  private headers(form?: URLSearchParams): Record<string, string> {
    return {
      authorization: `OAuth ${this.token}`,
      "x-yandex-music-client": env().YANDEX_MUSIC_CLIENT,
      "user-agent": "MusicTrace",
      "accept-language": "ru",
      ...(form && { "content-type": "application/x-www-form-urlencoded" }),
    };
  }

  private unwrap<S extends z.ZodType>(status: number, text: string, schema: S, path: string): z.infer<S> {
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const where = path.split("?")[0];
    if (status >= 200 && status < 300 && body && typeof body === "object") {
      // Most replies wrap the payload in `result`; a few put it at the root (A.3).
      const payload = "result" in body ? (body as { result: unknown }).result : body;
      const parsed = schema.safeParse(payload);
      if (parsed.success) return parsed.data;
      throw new ProviderError("yandex", "transient", `unexpected response from ${where}`);
    }
    const e = errorBody.safeParse(body);
    const err = e.success ? e.data.error : undefined;
    const name = typeof err === "string" ? err : (err?.name ?? undefined);
    throw classify(status, name, where);
  }
}

function classify(status: number, name: string | undefined, where: string | undefined): ProviderError {
  const info = { status, reason: name };
  if (status === 401 || ["session-expired", "invalid-oauth-token", "not-authorized"].includes(name ?? ""))
    return new ProviderError("yandex", "auth", "Yandex rejected the token", info);
  if (status === 404 || name === "not-found")
    return new ProviderError("yandex", "not_found", `not found: ${where}`, info);
  if (status === 403 && name === "Invalid Sign")
    return new ProviderError("yandex", "invalid", "bad lyrics signature", info);
  if (status === 403 && name) return new ProviderError("yandex", "config", `Yandex refused: ${name}`, info);
  // A 403 without a JSON body comes from the edge/WAF, not the API: retry later.
  if (status === 403 || status === 429 || status >= 500)
    return new ProviderError("yandex", "transient", `Yandex answered ${status}`, info);
  return new ProviderError(
    "yandex",
    "invalid",
    `Yandex answered ${status} (${name ?? "no error name"})`,
    info,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
