/**
 * Fake LRCLIB (reference/lyrics-api.md §1 and checklist §5) on one 127.0.0.1 port.
 *
 * Start: `const fake = await FakeLrclib.start()` → `fake.url` (LRCLIB_URL). Remote: `remoteControl<LrclibControl>`.
 * Matching is LRCLIB's: equality after normalisation (lowercase, ASCII-folded, punctuation → space,
 * apostrophes dropped), duration within ±2 s, album only when given. Quirks kept on purpose: a missing
 * parameter is a 400 in plain text, a lyrics-less record exists, 404 bodies carry `statusCode` (or the
 * documented `code`), a request without User-Agent can get Cloudflare's 403 HTML, and `maxInFlight`
 * shows whether a client ever sent two requests at once.
 */
import { FakeService, FaultQueue, type FaultSpec, json, type Recorded, type Reply, sleep } from "./server";

export type LrclibRecord = {
  id: number;
  trackName: string;
  artistName: string;
  albumName: string | null;
  duration: number | null;
  instrumental: boolean;
  plainLyrics: string | null;
  syncedLyrics: string | null;
};

export function lrclibNormalize(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[`~!@#$%^&*()_|+\-=?;:",.<>{}[\]\\/]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export const DEFAULT_LRCLIB_RECORDS: LrclibRecord[] = [
  {
    id: 1000001,
    trackName: "Example Song",
    artistName: "Example Artist",
    albumName: "Example Album",
    duration: 201,
    instrumental: false,
    plainLyrics: "First line\nSecond line\n",
    syncedLyrics: "[00:12.40] First line\n[00:16.05] Second line\n[03:18.90] ",
  },
  {
    id: 1000002,
    trackName: "Highway to Hell",
    artistName: "AC/DC",
    albumName: "Highway to Hell",
    duration: 208,
    instrumental: false,
    plainLyrics: "Living easy, living free\n",
    syncedLyrics: "[00:10.00] Living easy, living free\n[03:27.00] ",
  },
  {
    id: 1000003,
    trackName: "Plain Only",
    artistName: "Quiet Person",
    albumName: "Words",
    duration: 180,
    instrumental: false,
    plainLyrics: "Only words here\n",
    syncedLyrics: null,
  },
  {
    id: 1000004,
    trackName: "Interlude",
    artistName: "Band Without Words",
    albumName: "Silence",
    duration: 95,
    instrumental: true,
    plainLyrics: null,
    syncedLyrics: null,
  },
  {
    id: 1000005,
    trackName: "Empty Record",
    artistName: "Nobody Wrote It",
    albumName: null,
    duration: 150,
    instrumental: false,
    plainLyrics: null,
    syncedLyrics: null,
  },
  {
    id: 1000006,
    trackName: "Кино на ночь",
    artistName: "Группа Пример",
    albumName: "Альбом",
    duration: 240,
    instrumental: false,
    plainLyrics: "Первая строка\n",
    syncedLyrics: "[00:05.00] Первая строка\n",
  },
];

export type LrclibControl = Pick<
  FakeLrclib,
  | "addRecord"
  | "appearAfterMiss"
  | "setNotFoundShape"
  | "blockWithoutUserAgent"
  | "failNext"
  | "clearFaults"
  | "requests"
  | "stats"
>;

const NOT_FOUND = { message: "Failed to find specified track", name: "TrackNotFound" };
const HTML = { "content-type": "text/html; charset=utf-8" };

export class FakeLrclib extends FakeService {
  private records = new Map<number, LrclibRecord>();
  private pending = new Map<string, LrclibRecord>(); // appear after their first miss
  private faults = new FaultQueue();
  private notFoundShape: "statusCode" | "code" = "statusCode";
  private blockNoUa = true;
  private inFlight = 0;
  private maxInFlight = 0;

  static async start(opts: { port?: number; records?: LrclibRecord[] } = {}): Promise<FakeLrclib> {
    const fake = new FakeLrclib();
    for (const r of opts.records ?? DEFAULT_LRCLIB_RECORDS) fake.records.set(r.id, r);
    await fake.listen(opts.port, (req, url) => fake.handle(req.headers["user-agent"], url));
    return fake;
  }

  addRecord(r: LrclibRecord): void {
    this.records.set(r.id, r);
  }
  /** Models LRCLIB's external lookup: the first /api/get for this record misses, later ones hit. */
  appearAfterMiss(r: LrclibRecord): void {
    this.pending.set(this.sigKey(r.trackName, r.artistName), r);
  }
  setNotFoundShape(shape: "statusCode" | "code"): void {
    this.notFoundShape = shape;
  }
  blockWithoutUserAgent(on: boolean): void {
    this.blockNoUa = on;
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
  stats(): { requests: number; maxInFlight: number } {
    return { requests: this.log.length, maxInFlight: this.maxInFlight };
  }

  private sigKey(track: string, artist: string): string {
    return `${lrclibNormalize(track)}|${lrclibNormalize(artist)}`;
  }

  private async handle(ua: string | undefined, url: URL): Promise<Reply> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.blockNoUa && !ua)
        return { status: 403, headers: HTML, body: "<html><body>Access denied</body></html>" };
      const fault = this.faults.take(url.pathname, undefined);
      if (fault) {
        if (fault.delayMs) await sleep(fault.delayMs);
        const reply = this.faultReply(fault);
        if (reply) return reply;
      } else {
        await sleep(5); // a real round trip: overlapping clients show up in maxInFlight
      }
      return this.route(url);
    } finally {
      this.inFlight--;
    }
  }

  private faultReply(f: FaultSpec): Reply | undefined {
    if (f.reset) return { status: 0 };
    if (f.kind === "html520")
      return {
        status: 520,
        headers: HTML,
        body: "<html>520: Web server is returning an unknown error</html>",
      };
    if (f.kind === "malformed")
      return { status: 200, headers: { "content-type": "application/json" }, body: '{"id": 1, "trackN' };
    if (f.status === 429)
      return {
        status: 429,
        headers: { "retry-after": String(f.retryAfter ?? 1), ...HTML },
        body: "<html>429 Too Many Requests</html>",
      };
    if (f.status === 500)
      return json(500, {
        message: "Something bad happened when processing your request",
        name: "UnknownError",
        statusCode: 500,
      });
    if (f.status) return { status: f.status, headers: HTML, body: f.body ?? "<html>error</html>" };
    return undefined; // a pure delay
  }

  private notFound(): Reply {
    return json(404, { ...NOT_FOUND, [this.notFoundShape]: 404 });
  }

  private route(url: URL): Reply {
    const q = url.searchParams;
    const byId = /^\/api\/get\/(\d+)$/.exec(url.pathname);
    if (byId) {
      const r = this.records.get(Number(byId[1]));
      return r ? json(200, wire(r)) : this.notFound();
    }
    if (url.pathname === "/api/get" || url.pathname === "/api/get-cached") {
      const track = q.get("track_name");
      const artist = q.get("artist_name");
      if (track === null || artist === null) {
        return {
          status: 400,
          headers: { "content-type": "text/plain; charset=utf-8" },
          body: "Failed to deserialize query string: missing field `track_name`",
        };
      }
      if (!track.trim() || !artist.trim()) return invalid("track_name and artist_name cannot be empty");
      const durRaw = q.get("duration");
      const duration = durRaw === null ? null : Number(durRaw);
      if (duration !== null && (!Number.isFinite(duration) || duration < 1 || duration > 3600)) {
        return invalid("duration must be between 1 and 3600");
      }
      const hit = this.match(track, artist, q.get("album_name"), duration);
      if (hit) return json(200, wire(hit));
      const key = this.sigKey(track, artist);
      const later = this.pending.get(key);
      if (later && url.pathname === "/api/get") {
        this.pending.delete(key);
        this.records.set(later.id, later);
      }
      return this.notFound();
    }
    if (url.pathname === "/api/search") {
      const text = q.get("q");
      const track = q.get("track_name");
      if (!text && !track) return json(200, []);
      const hits = [...this.records.values()].filter((r) => {
        if (text) {
          const hay = lrclibNormalize(`${r.trackName} ${r.artistName} ${r.albumName ?? ""}`);
          return lrclibNormalize(text)
            .split(" ")
            .every((w) => hay.includes(w));
        }
        const artist = q.get("artist_name");
        return (
          lrclibNormalize(r.trackName).includes(lrclibNormalize(track ?? "")) &&
          (!artist || lrclibNormalize(r.artistName).includes(lrclibNormalize(artist)))
        );
      });
      return json(200, hits.slice(0, 20).map(wire));
    }
    return this.notFound();
  }

  private match(track: string, artist: string, album: string | null, duration: number | null) {
    for (const r of this.records.values()) {
      if (lrclibNormalize(r.trackName) !== lrclibNormalize(track)) continue;
      if (lrclibNormalize(r.artistName) !== lrclibNormalize(artist)) continue;
      if (album !== null && lrclibNormalize(r.albumName ?? "") !== lrclibNormalize(album)) continue;
      if (duration !== null && (r.duration === null || Math.abs(r.duration - duration) > 2)) continue;
      return r;
    }
    return undefined;
  }
}

function invalid(message: string): Reply {
  return json(400, { message, name: "ValidationError", statusCode: 400 });
}

function wire(r: LrclibRecord) {
  return { ...r, name: r.trackName, duration: r.duration === null ? null : Number(r.duration.toFixed(1)) };
}
