import { z } from "zod";
import { fetchWithTimeout, politeGate, retryAfterMs, SourceError, userAgent } from "../polite";
import { type LyricsSignature, lrclibNormalize } from "./signature";

const record = z.object({
  id: z.number(),
  trackName: z.string().nullable().optional(),
  artistName: z.string().nullable().optional(),
  albumName: z.string().nullable().optional(),
  duration: z.number().nullable().optional(),
  instrumental: z.boolean().default(false),
  plainLyrics: z.string().nullable().optional(),
  syncedLyrics: z.string().nullable().optional(),
});
export type LrclibRecord = z.infer<typeof record>;

export type LrclibClient = {
  get(sig: LyricsSignature, opts?: { cachedOnly?: boolean }): Promise<LrclibRecord | null>;
  search(sig: LyricsSignature): Promise<LrclibRecord | null>;
};

/** LRCLIB (lyrics-api.md §1): 404 is a miss; 429/5xx/403-HTML/timeouts are the source's trouble, not the track's. */
export function createLrclib(opts: { baseUrl: string; gapMs?: number; timeoutMs?: number }): LrclibClient {
  const gate = politeGate(opts.gapMs ?? 1000);
  const base = opts.baseUrl.replace(/\/$/, "");

  const call = (path: string, params: Record<string, string>) =>
    gate(async () => {
      const url = `${base}${path}?${new URLSearchParams(params)}`;
      let res: Response;
      try {
        const ua = userAgent();
        res = await fetchWithTimeout(
          url,
          { headers: { "user-agent": ua, "lrclib-client": ua } },
          opts.timeoutMs ?? 10_000,
        );
      } catch (err) {
        throw new SourceError("lrclib", "transient", `LRCLIB unreachable: ${String(err)}`);
      }
      if (res.status === 404) return null;
      if (res.status === 429)
        throw new SourceError("lrclib", "rate_limited", "LRCLIB 429", retryAfterMs(res, 60_000));
      const isJson = (res.headers.get("content-type") ?? "").includes("json");
      if (res.status === 403 && !isJson)
        throw new SourceError("lrclib", "blocked", "LRCLIB 403 (blocked or missing User-Agent)");
      if (res.status === 400) {
        // Our request was wrong for this track (e.g. empty name): nothing a retry can fix, so it is a miss.
        return null;
      }
      if (!res.ok || !isJson) throw new SourceError("lrclib", "transient", `LRCLIB ${res.status}`);
      try {
        return (await res.json()) as unknown;
      } catch {
        throw new SourceError("lrclib", "transient", "LRCLIB sent malformed JSON");
      }
    });

  return {
    async get(sig, o = {}) {
      const params: Record<string, string> = { track_name: sig.track, artist_name: sig.artist };
      if (sig.album) params.album_name = sig.album;
      if (sig.durationS) params.duration = String(sig.durationS);
      const body = await call(o.cachedOnly ? "/api/get-cached" : "/api/get", params);
      if (body === null) return null;
      const parsed = record.safeParse(body);
      if (!parsed.success) throw new SourceError("lrclib", "transient", "LRCLIB record of unexpected shape");
      return parsed.data;
    },
    async search(sig) {
      const body = await call("/api/search", { track_name: sig.track, artist_name: sig.artist });
      const list = z.array(record).safeParse(body ?? []);
      if (!list.success) throw new SourceError("lrclib", "transient", "LRCLIB search of unexpected shape");
      // Accept only the same song: equal normalised title and artist, duration within ±3 s (§4.2).
      const same = list.data.filter(
        (r) =>
          lrclibNormalize(r.trackName ?? "") === lrclibNormalize(sig.track) &&
          lrclibNormalize(r.artistName ?? "") === lrclibNormalize(sig.artist) &&
          (!sig.durationS || r.duration == null || Math.abs(r.duration - sig.durationS) <= 3),
      );
      return same.find((r) => r.syncedLyrics) ?? same.find((r) => r.plainLyrics || r.instrumental) ?? null;
    },
  };
}
