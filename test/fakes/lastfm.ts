/**
 * Fake Last.fm: the web service (`/2.0/`, LASTFM_URL = fake.url) and the web auth page (`/api/auth`,
 * LASTFM_AUTH_URL = `${fake.url}/api/auth`). Written from last.fm/api (auth spec, track.scrobble,
 * track.updateNowPlaying, user.getRecentTracks, error codes), not from our client:
 *
 * - Every call is signed: api_sig = md5(params sorted by name, each name+value concatenated, excluding
 *   `format` and `callback`, then the shared secret). Wrong → error 13; unknown api_key → 10; a suspended
 *   key → 26. Errors are JSON `{error, message}` (with a non-2xx status).
 * - Web auth: GET /api/auth?api_key&cb shows a consent page; approving redirects to `cb` with `token=`.
 *   auth.getSession exchanges a token once (unauthorised → 14, used or unknown → 4) for `{session: {name, key}}`.
 * - track.scrobble (POST, form-encoded): artist[i]/track[i]/timestamp[i] (+album[i], duration[i]…), at most 50.
 *   Answer `{scrobbles: {scrobble, @attr: {accepted, ignored}}}` — `scrobble` is an object, not an array, when
 *   one was sent (Last.fm's JSON quirk). Ignored: timestamp older than 14 days (code 3), over the daily limit
 *   (code 5; 2,800 by default). An unknown session key → 9. This fake does NOT dedupe a re-sent scrobble (the
 *   docs promise no dedupe), so a client that re-sends blindly shows up in `stats().duplicates`.
 * - user.getRecentTracks?user&from&to&limit&page: what was stored, newest first.
 * Faults (`failNext`): `{ status, body }` or `kind: "error:<code>"` (11/16 unavailable, 29 rate limit …),
 * `delayMs`, `reset`, `kind: "accept-then-drop"`.
 */
import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { drop } from "./listenbrainz";
import { FakeService, FaultQueue, type FaultSpec, json, type Reply, sleep } from "./server";

type Scrobble = { artist: string; track: string; album: string; timestamp: number };
type Account = {
  name: string;
  scrobbles: Scrobble[];
  raw: number;
  dups: number;
  nowPlaying: Scrobble | null;
  today: number;
};

const MESSAGES: Record<number, string> = {
  4: "Invalid authentication token supplied",
  6: "Invalid parameters - Your request is missing a required parameter",
  9: "Invalid session key - Please re-authenticate",
  10: "Invalid API key - You must be granted a valid key by last.fm",
  11: "Service Offline - This service is temporarily offline. Try again later.",
  13: "Invalid method signature supplied",
  14: "Unauthorized Token - This token has not been authorized",
  16: "There was a temporary error processing your request. Please try again",
  26: "Suspended API key - Access for your account has been suspended, please contact Last.fm",
  29: "Rate limit exceeded - Your IP has made too many requests in a short period",
};
const STATUS: Record<number, number> = {
  9: 403,
  10: 403,
  13: 403,
  14: 403,
  4: 403,
  26: 403,
  6: 400,
  11: 503,
  16: 503,
  29: 429,
};
const FOURTEEN_DAYS_S = 14 * 86400;

export function lastfmSignature(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== "format" && k !== "callback" && k !== "api_sig")
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join("");
  return createHash("md5")
    .update(base + secret, "utf8")
    .digest("hex");
}

export type LastfmControl = Pick<
  FakeLastfm,
  | "scrobblesOf"
  | "stats"
  | "failNext"
  | "clearFaults"
  | "revokeSessions"
  | "setDailyLimit"
  | "suspendKey"
  | "reset"
>;

export class FakeLastfm extends FakeService {
  private accounts = new Map<string, Account>();
  private sessions = new Map<string, string>(); // sk → account
  private tokens = new Map<string, { account: string | null; used: boolean }>();
  private faults = new FaultQueue();
  private dailyLimit = 2800;
  private suspended = false;
  private counters = { scrobbleCalls: 0, faults: 0 };

  constructor(
    readonly apiKey: string,
    private readonly secret: string,
  ) {
    super();
  }

  static async start(opts: { apiKey: string; secret: string; port?: number }): Promise<FakeLastfm> {
    const fake = new FakeLastfm(opts.apiKey, opts.secret);
    await fake.listen(opts.port, (req, url, body) => fake.handle(req, url, body));
    return fake;
  }

  scrobblesOf(name: string): Scrobble[] {
    return [...(this.accounts.get(name)?.scrobbles ?? [])];
  }
  /** stored: scrobbles kept; duplicates: re-sent ones (same timestamp, artist and track) also kept. */
  stats(name: string) {
    const a = this.accounts.get(name);
    return {
      stored: a?.scrobbles.length ?? 0,
      raw: a?.raw ?? 0,
      duplicates: a?.dups ?? 0,
      nowPlaying: a?.nowPlaying ?? null,
      ...this.counters,
    };
  }
  failNext(f: FaultSpec): void {
    this.faults.add(f);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  revokeSessions(name: string): void {
    for (const [sk, n] of this.sessions) if (n === name) this.sessions.delete(sk);
  }
  setDailyLimit(n: number): void {
    this.dailyLimit = n;
  }
  suspendKey(on: boolean): void {
    this.suspended = on;
  }
  reset(): void {
    this.faults.clear();
    this.counters = { scrobbleCalls: 0, faults: 0 };
  }

  private account(name: string): Account {
    let a = this.accounts.get(name);
    if (!a) {
      a = { name, scrobbles: [], raw: 0, dups: 0, nowPlaying: null, today: 0 };
      this.accounts.set(name, a);
    }
    return a;
  }

  private async handle(req: http.IncomingMessage, url: URL, body: string): Promise<Reply> {
    if (url.pathname.replace(/\/$/, "") === "/api/auth") return this.authPage(req.method ?? "GET", url, body);
    if (url.pathname.replace(/\/$/, "") !== "/2.0") return { status: 404, body: "Not found" };
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === "POST") Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const fail = (code: number) =>
      json(STATUS[code] ?? 400, { error: code, message: MESSAGES[code] ?? "Error" });
    const fault = this.faults.take(params.method ?? "", this.sessions.get(params.sk ?? ""));
    if (fault?.delayMs && fault.kind !== "accept-then-drop") await sleep(fault.delayMs);
    if (fault?.reset) return drop(req);
    if (fault?.status || fault?.kind?.startsWith("error:")) {
      this.counters.faults++;
      const code = Number(fault.kind?.slice(6) ?? 0);
      if (code) return fail(code);
      return { status: fault.status ?? 500, body: fault.body ?? "<html>Bad gateway</html>" };
    }
    if (params.api_key !== this.apiKey) return fail(10);
    if (this.suspended) return fail(26);
    const method = params.method ?? "";
    if (method === "user.getRecentTracks") return this.recent(params);
    if (params.api_sig !== lastfmSignature(params, this.secret)) return fail(13);
    if (method === "auth.getSession") {
      const t = this.tokens.get(params.token ?? "");
      if (!t || t.used) return fail(4);
      if (!t.account) return fail(14);
      t.used = true;
      const key = randomBytes(16).toString("hex");
      this.sessions.set(key, t.account);
      return json(200, { session: { name: t.account, key, subscriber: 0 } });
    }
    const name = this.sessions.get(params.sk ?? "");
    if (method !== "track.scrobble" && method !== "track.updateNowPlaying") return fail(6);
    if (req.method !== "POST") return fail(6);
    if (!name) return fail(9);
    const acc = this.account(name);
    if (method === "track.updateNowPlaying") {
      if (!params.artist || !params.track) return fail(6);
      acc.nowPlaying = {
        artist: params.artist,
        track: params.track,
        album: params.album ?? "",
        timestamp: 0,
      };
      return json(200, {
        nowplaying: { track: { "#text": params.track }, artist: { "#text": params.artist } },
      });
    }
    this.counters.scrobbleCalls++;
    const items: Scrobble[] = [];
    for (let i = 0; params[`artist[${i}]`] !== undefined; i++) {
      const artist = params[`artist[${i}]`] ?? "";
      const track = params[`track[${i}]`] ?? "";
      const timestamp = Number(params[`timestamp[${i}]`]);
      if (!artist || !track || !Number.isInteger(timestamp)) return fail(6);
      items.push({ artist, track, album: params[`album[${i}]`] ?? "", timestamp });
    }
    if (items.length === 0 || items.length > 50) return fail(6);
    const now = Date.now() / 1000;
    const results = items.map((s) => {
      let code = 0;
      if (s.timestamp < now - FOURTEEN_DAYS_S) code = 3;
      else if (s.timestamp > now + 300) code = 4;
      else if (acc.today >= this.dailyLimit) code = 5;
      if (code === 0) {
        acc.today++;
        acc.raw++;
        if (
          acc.scrobbles.some(
            (x) => x.timestamp === s.timestamp && x.artist === s.artist && x.track === s.track,
          )
        )
          acc.dups++;
        acc.scrobbles.push(s);
      }
      return {
        track: { corrected: "0", "#text": s.track },
        artist: { corrected: "0", "#text": s.artist },
        album: { corrected: "0", "#text": s.album },
        albumArtist: { corrected: "0", "#text": "" },
        timestamp: String(s.timestamp),
        ignoredMessage: { code: String(code), "#text": code ? "Ignored" : "" },
      };
    });
    const accepted = results.filter((r) => r.ignoredMessage.code === "0").length;
    if (fault?.kind === "accept-then-drop") {
      if (fault.delayMs) await sleep(fault.delayMs);
      return drop(req);
    }
    return json(200, {
      scrobbles: {
        scrobble: results.length === 1 ? results[0] : results,
        "@attr": { accepted, ignored: results.length - accepted },
      },
    });
  }

  private recent(p: Record<string, string>): Reply {
    const acc = this.accounts.get(p.user ?? "");
    if (!acc) return json(404, { error: 6, message: "User not found" });
    const from = Number(p.from ?? 0);
    const to = Number(p.to ?? Number.MAX_SAFE_INTEGER);
    const limit = Math.min(200, Number(p.limit ?? 50));
    const page = Math.max(1, Number(p.page ?? 1));
    const all = acc.scrobbles
      .filter((s) => s.timestamp >= from && s.timestamp <= to)
      .sort((a, b) => b.timestamp - a.timestamp);
    const track = all.slice((page - 1) * limit, page * limit).map((s) => ({
      artist: { mbid: "", "#text": s.artist },
      name: s.track,
      album: { mbid: "", "#text": s.album },
      date: { uts: String(s.timestamp), "#text": new Date(s.timestamp * 1000).toUTCString() },
    }));
    const attr = {
      user: acc.name,
      page: String(page),
      perPage: String(limit),
      total: String(all.length),
      totalPages: String(Math.max(1, Math.ceil(all.length / limit))),
    };
    return json(200, { recenttracks: { track, "@attr": attr } });
  }

  private authPage(method: string, url: URL, body: string): Reply {
    const p =
      method === "POST"
        ? Object.fromEntries(new URLSearchParams(body))
        : Object.fromEntries(url.searchParams);
    if (p.api_key !== this.apiKey) return { status: 400, body: "Invalid API key" };
    const cb = p.cb ?? "";
    if (method !== "POST") {
      const esc = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
      return {
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8" },
        body: `<!doctype html><title>Last.fm</title><form method="post"><input type="hidden" name="api_key" value="${esc(p.api_key)}"><input type="hidden" name="cb" value="${esc(cb)}"><input name="fake_user"><button name="decision" value="approve">Yes, allow access</button><button name="decision" value="deny">No</button></form>`,
      };
    }
    const token = randomBytes(16).toString("hex");
    const approved = p.decision === "approve" && p.fake_user;
    this.tokens.set(token, { account: approved ? (p.fake_user as string) : null, used: false });
    if (approved) this.account(p.fake_user as string);
    // Denying leaves the token unauthorised: the site's callback still gets it, and getSession says 14.
    const to = `${cb}${cb.includes("?") ? "&" : "?"}token=${token}`;
    return { status: 302, headers: { location: to }, body: "" };
  }
}
