import { z } from "zod";
import { fetchWithTimeout, politeGate, SourceError, userAgent } from "../polite";

const tag = z.object({ name: z.string(), count: z.number().default(1) });
const artist = z.object({
  id: z.string(),
  name: z.string(),
  score: z.number().optional(),
  tags: z.array(tag).optional(),
  genres: z.array(tag).optional(),
});
const isrcReply = z.object({
  recordings: z.array(
    z.object({
      id: z.string(),
      "artist-credit": z
        .array(z.object({ artist: z.object({ id: z.string(), name: z.string() }) }))
        .optional(),
    }),
  ),
});

export type MbTag = { name: string; count: number };
export type MusicBrainzClient = {
  /** The first credited artist of the recordings with this ISRC, or null. */
  artistByIsrc(isrc: string): Promise<{ id: string; name: string } | null>;
  /** The best artist search hit with exactly this name (case-insensitive), or null. */
  findArtist(name: string): Promise<{ id: string; name: string } | null>;
  /** Genres (curated) or, failing those, folksonomy tags of an artist, by weight. */
  artistTags(mbid: string): Promise<MbTag[]>;
};

// Lucene: quote the whole name and escape what a phrase still treats specially, so "AC/DC" or a name
// with quotes searches for itself instead of failing to parse.
export function luceneArtistQuery(name: string): string {
  return `artist:"${name.replace(/["\\]/g, "\\$&")}"`;
}

/** MusicBrainz WS/2 (JSON): 1 request per second per instance; a 503 is its rate limit, not an outage. */
export function createMusicBrainz(opts: {
  baseUrl: string;
  gapMs?: number;
  timeoutMs?: number;
}): MusicBrainzClient {
  const gate = politeGate(opts.gapMs ?? 1100);
  const base = opts.baseUrl.replace(/\/$/, "");

  const call = (path: string, params: Record<string, string>) =>
    gate(async () => {
      let res: Response;
      try {
        res = await fetchWithTimeout(
          `${base}${path}?${new URLSearchParams({ ...params, fmt: "json" })}`,
          { headers: { "user-agent": userAgent(), accept: "application/json" } },
          opts.timeoutMs ?? 10_000,
        );
      } catch (err) {
        throw new SourceError("musicbrainz", "transient", `MusicBrainz unreachable: ${String(err)}`);
      }
      if (res.status === 404 || res.status === 400) return null;
      if (res.status === 503)
        throw new SourceError("musicbrainz", "rate_limited", "MusicBrainz 503 (rate limit)", 5_000);
      if (res.status === 403)
        throw new SourceError("musicbrainz", "blocked", "MusicBrainz 403 (User-Agent refused)");
      if (!res.ok) throw new SourceError("musicbrainz", "transient", `MusicBrainz ${res.status}`);
      return (await res.json().catch(() => {
        throw new SourceError("musicbrainz", "transient", "MusicBrainz sent malformed JSON");
      })) as unknown;
    });

  return {
    async artistByIsrc(isrc) {
      const body = await call(`/isrc/${encodeURIComponent(isrc)}`, { inc: "artist-credits" });
      const parsed = isrcReply.safeParse(body);
      if (!parsed.success) return null;
      const credit = parsed.data.recordings[0]?.["artist-credit"]?.[0]?.artist;
      return credit ? { id: credit.id, name: credit.name } : null;
    },
    async findArtist(name) {
      const body = await call("/artist", { query: luceneArtistQuery(name), limit: "5" });
      const parsed = z.object({ artists: z.array(artist) }).safeParse(body);
      if (!parsed.success) return null;
      const hit = parsed.data.artists.find(
        (a) => a.name.toLowerCase() === name.toLowerCase() && (a.score ?? 100) >= 90,
      );
      return hit ? { id: hit.id, name: hit.name } : null;
    },
    async artistTags(mbid) {
      const body = await call(`/artist/${encodeURIComponent(mbid)}`, { inc: "genres+tags" });
      const parsed = artist.safeParse(body);
      if (!parsed.success) return [];
      const list = parsed.data.genres?.length ? parsed.data.genres : (parsed.data.tags ?? []);
      return [...list].sort((a, b) => b.count - a.count);
    },
  };
}
