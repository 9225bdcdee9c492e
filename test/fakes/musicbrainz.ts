/**
 * Fake MusicBrainz WS/2 (JSON) on one 127.0.0.1 port; MUSICBRAINZ_URL = `${fake.url}/ws/2`.
 *
 * Endpoints: `/ws/2/isrc/{isrc}?inc=artist-credits+tags`, `/ws/2/artist/{mbid}?inc=tags+genres`,
 * `/ws/2/artist?query=…` (Lucene: an unquoted `/` — "AC/DC" — is a syntax error, as on the real server).
 * Quirks kept: the 1 request/second rate limit answers 503 with MusicBrainz's text when a client goes faster
 * than `minGapMs`, a request without User-Agent gets 403, unknown ISRC → 404 `{"error":"Not Found"}`,
 * malformed ISRC → 400.
 */
import { FakeService, FaultQueue, type FaultSpec, json, type Recorded, type Reply } from "./server";

export type MbArtist = {
  id: string;
  name: string;
  sortName: string;
  tags: { name: string; count: number }[];
};
export type MbRecording = {
  id: string;
  title: string;
  lengthMs: number;
  isrcs: string[];
  artistIds: string[];
};

export const DEFAULT_MB_ARTISTS: MbArtist[] = [
  {
    id: "66c662b6-6e2f-4930-8610-912e24c63ed1",
    name: "AC/DC",
    sortName: "AC/DC",
    tags: [
      { name: "hard rock", count: 25 },
      { name: "rock", count: 18 },
      { name: "australian", count: 4 },
    ],
  },
  {
    id: "0a1b2c3d-0000-4000-8000-000000000001",
    name: "Example Artist",
    sortName: "Artist, Example",
    tags: [
      { name: "indie pop", count: 6 },
      { name: "pop", count: 3 },
    ],
  },
  {
    id: "0a1b2c3d-0000-4000-8000-000000000002",
    name: "Группа Пример",
    sortName: "Группа Пример",
    tags: [{ name: "russian rock", count: 5 }],
  },
];

export const DEFAULT_MB_RECORDINGS: MbRecording[] = [
  {
    id: "1e0b3b9c-0000-4000-8000-00000000aa01",
    title: "Example Song",
    lengthMs: 201_000,
    isrcs: ["XX0000000001"],
    artistIds: ["0a1b2c3d-0000-4000-8000-000000000001"],
  },
];

export const MB_RATE_LIMIT_MESSAGE =
  "Your requests are exceeding the allowable rate limit. Please see http://wiki.musicbrainz.org/XMLWebService for more information.";

export type MusicBrainzControl = Pick<
  FakeMusicBrainz,
  "addArtist" | "addRecording" | "setMinGap" | "failNext" | "clearFaults" | "requests" | "stats"
>;

export class FakeMusicBrainz extends FakeService {
  private artists = new Map<string, MbArtist>();
  private recordings: MbRecording[] = [];
  private faults = new FaultQueue();
  private minGapMs = 1000;
  private lastAt = 0;
  private rateLimited = 0;

  static async start(opts: { port?: number; minGapMs?: number } = {}): Promise<FakeMusicBrainz> {
    const fake = new FakeMusicBrainz();
    for (const a of DEFAULT_MB_ARTISTS) fake.artists.set(a.id, a);
    fake.recordings = [...DEFAULT_MB_RECORDINGS];
    if (opts.minGapMs !== undefined) fake.minGapMs = opts.minGapMs;
    await fake.listen(opts.port, (req, url) => fake.handle(req.headers["user-agent"], url));
    return fake;
  }

  addArtist(a: MbArtist): void {
    this.artists.set(a.id, a);
  }
  addRecording(r: MbRecording): void {
    this.recordings.push(r);
  }
  setMinGap(ms: number): void {
    this.minGapMs = ms;
  }
  failNext(f: FaultSpec): void {
    this.faults.add(f);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  requests(): Recorded[] {
    return this.log;
  }
  stats(): { requests: number; rateLimited: number } {
    return { requests: this.log.length, rateLimited: this.rateLimited };
  }

  private handle(ua: string | undefined, url: URL): Reply {
    if (!ua) return json(403, { error: "Please provide a meaningful User-Agent." });
    const now = Date.now();
    const tooSoon = now - this.lastAt < this.minGapMs;
    this.lastAt = now;
    if (tooSoon) {
      this.rateLimited++;
      return json(503, { error: MB_RATE_LIMIT_MESSAGE });
    }
    const fault = this.faults.take(url.pathname, undefined);
    if (fault?.reset) return { status: 0 };
    if (fault?.status) return json(fault.status, { error: "fault" });
    return this.route(url);
  }

  private route(url: URL): Reply {
    const isrc = /^\/ws\/2\/isrc\/([^/]+)$/.exec(url.pathname);
    if (isrc?.[1]) {
      const code = decodeURIComponent(isrc[1]);
      if (!/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/.test(code)) return json(400, { error: `Invalid isrc: ${code}` });
      const recs = this.recordings.filter((r) => r.isrcs.includes(code));
      if (!recs.length) return json(404, { error: "Not Found" });
      return json(200, { isrc: code, recordings: recs.map((r) => this.recordingJson(r)) });
    }
    const byId = /^\/ws\/2\/artist\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (byId?.[1]) {
      const a = this.artists.get(byId[1]);
      if (!a) return json(404, { error: "Not Found" });
      return json(200, { ...this.artistJson(a), genres: a.tags.map((t) => ({ ...t, id: t.name })) });
    }
    if (/^\/ws\/2\/artist\/?$/.test(url.pathname)) {
      const query = url.searchParams.get("query") ?? "";
      const name = parseArtistQuery(query);
      if (name === null) return json(400, { error: `Invalid query: ${query}` });
      const limit = Number(url.searchParams.get("limit") ?? 25);
      const hits = [...this.artists.values()]
        .map((a) => ({
          a,
          score:
            a.name.toLowerCase() === name.toLowerCase()
              ? 100
              : a.name.toLowerCase().includes(name.toLowerCase())
                ? 70
                : 0,
        }))
        .filter((h) => h.score > 0)
        .sort((x, y) => y.score - x.score)
        .slice(0, limit);
      return json(200, {
        created: new Date().toISOString(),
        count: hits.length,
        offset: 0,
        artists: hits.map((h) => ({ ...this.artistJson(h.a), score: h.score })),
      });
    }
    return json(404, { error: "Not Found" });
  }

  private artistJson(a: MbArtist) {
    return { id: a.id, name: a.name, "sort-name": a.sortName, tags: a.tags };
  }

  private recordingJson(r: MbRecording) {
    return {
      id: r.id,
      title: r.title,
      length: r.lengthMs,
      "artist-credit": r.artistIds.map((id) => {
        const a = this.artists.get(id);
        return {
          name: a?.name ?? "?",
          joinphrase: "",
          artist: { id, name: a?.name ?? "?", "sort-name": a?.sortName ?? "?" },
        };
      }),
      tags: [],
    };
  }
}

/** `artist:"AC/DC"` or a bare term; null for what Lucene would reject (an unescaped `/` outside quotes). */
function parseArtistQuery(q: string): string | null {
  const quoted = /^(?:artist:)?"((?:[^"\\]|\\.)*)"$/.exec(q.trim());
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, "$1");
  const bare = q.trim().replace(/^artist:/, "");
  if (/(^|[^\\])\//.test(bare)) return null;
  return bare.replace(/\\(.)/g, "$1");
}
