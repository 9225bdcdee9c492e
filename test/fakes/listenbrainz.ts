/**
 * Fake ListenBrainz API (api.listenbrainz.org) on one 127.0.0.1 port; LISTENBRAINZ_URL = fake.url.
 * Written from the public API docs (listenbrainz.readthedocs.io → API → Core), not from our client:
 *
 * - `POST /1/submit-listens`, `Authorization: Token <user token>`: `listen_type` single | playing_now | import;
 *   single/playing_now carry exactly one listen, import up to 1,000; every listen has `track_metadata` with
 *   `artist_name` and `track_name`, `listened_at` (integer seconds) except playing_now; each listen at most
 *   10,240 bytes of JSON. Bad payload → 400 `{code, error}`; missing/unknown token → 401 `{code, error}`.
 * - `GET /1/validate-token` → 200 `{code: 200, message, valid, user_name}` (an invalid token is still 200).
 * - `GET /1/user/{name}/listens?min_ts&max_ts&count` for read-back.
 * - Every response carries `X-RateLimit-Limit/Remaining/Reset-In/Reset`; over the limit → 429.
 * - A listen with the same (user, listened_at, artist, track, release) is stored once, as LB's own dedupe
 *   does; `stats()` also counts raw duplicate submissions so tests can see every re-send.
 * Faults (`failNext`): status (429 storm, 5xx), `delayMs` (slow), `kind: "accept-then-drop"` (stores the
 * listens, then drops the socket: the target took the batch but the client never heard).
 */
import type http from "node:http";
import { FakeService, FaultQueue, type FaultSpec, json, type Reply, sleep } from "./server";

type Listen = { listened_at: number; track_metadata: Record<string, unknown> };
type User = {
  name: string;
  listens: Map<string, Listen>;
  playingNow: Listen | null;
  raw: number;
  dups: number;
};

const MAX_IMPORT = 1000;
const MAX_LISTEN_BYTES = 10240;
const MIN_TS = 1033430400; // LISTEN_MINIMUM_TS: 2002-10-01, the start of Audioscrobbler

export type ListenBrainzControl = Pick<
  FakeListenBrainz,
  "addUser" | "revoke" | "listensOf" | "stats" | "failNext" | "clearFaults" | "setRateLimit" | "reset"
>;

export class FakeListenBrainz extends FakeService {
  private users = new Map<string, User>(); // by token
  private faults = new FaultQueue();
  private limit = { max: 30, windowMs: 10_000 };
  private window = new Map<string, { start: number; used: number }>();
  private counters = { submits: 0, rateLimited: 0, faults: 0 };

  static async start(opts: { port?: number } = {}): Promise<FakeListenBrainz> {
    const fake = new FakeListenBrainz();
    await fake.listen(opts.port, (req, url, body) => fake.handle(req, url, body));
    return fake;
  }

  addUser(token: string, name: string): void {
    this.users.set(token, { name, listens: new Map(), playingNow: null, raw: 0, dups: 0 });
  }
  revoke(token: string): void {
    this.users.delete(token);
  }
  setRateLimit(max: number, windowMs: number): void {
    this.limit = { max, windowMs };
    this.window.clear();
  }
  failNext(f: FaultSpec): void {
    this.faults.add(f);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  reset(): void {
    this.faults.clear();
    this.window.clear();
    this.counters = { submits: 0, rateLimited: 0, faults: 0 };
  }
  listensOf(name: string): Listen[] {
    const u = [...this.users.values()].find((x) => x.name === name);
    return u ? [...u.listens.values()].sort((a, b) => b.listened_at - a.listened_at) : [];
  }
  /** stored: after LB's dedupe; duplicates: raw submissions of a listen already stored. */
  stats(name: string) {
    const u = [...this.users.values()].find((x) => x.name === name);
    return {
      stored: u?.listens.size ?? 0,
      raw: u?.raw ?? 0,
      duplicates: u?.dups ?? 0,
      playingNow: u?.playingNow ?? null,
      ...this.counters,
    };
  }

  private rateHeaders(key: string): { headers: Record<string, string>; over: boolean } {
    const now = Date.now();
    let w = this.window.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      w = { start: now, used: 0 };
      this.window.set(key, w);
    }
    w.used += 1;
    const resetIn = Math.max(1, Math.ceil((w.start + this.limit.windowMs - now) / 1000));
    return {
      over: w.used > this.limit.max,
      headers: {
        "X-RateLimit-Limit": String(this.limit.max),
        "X-RateLimit-Remaining": String(Math.max(0, this.limit.max - w.used)),
        "X-RateLimit-Reset-In": String(resetIn),
        "X-RateLimit-Reset": String(Math.floor(now / 1000) + resetIn),
      },
    };
  }

  private async handle(req: http.IncomingMessage, url: URL, body: string): Promise<Reply> {
    const method = req.method ?? "GET";
    const auth = String(req.headers.authorization ?? "");
    const token = /^Token\s+(\S+)$/i.exec(auth)?.[1] ?? url.searchParams.get("token") ?? "";
    const rate = this.rateHeaders(token || "anon");
    const err = (code: number, error: string) => json(code, { code, error }, rate.headers);
    const fault = this.faults.take(url.pathname, this.users.get(token)?.name);
    if (fault?.delayMs && fault.kind !== "accept-then-drop") await sleep(fault.delayMs);
    if (fault?.reset) return drop(req);
    if (fault?.status) {
      this.counters.faults++;
      const h = { ...rate.headers };
      if (fault.status === 429 && fault.retryAfter !== undefined) {
        h["X-RateLimit-Remaining"] = "0";
        h["X-RateLimit-Reset-In"] = String(fault.retryAfter);
      }
      return json(fault.status, { code: fault.status, error: fault.body ?? "Fault injected" }, h);
    }
    if (rate.over) {
      this.counters.rateLimited++;
      return err(429, "Too many requests. Please wait before retrying.");
    }
    if (method === "GET" && url.pathname === "/1/validate-token") {
      const u = this.users.get(token);
      if (!token) return err(400, "You need to provide an Authorization token.");
      return json(
        200,
        u
          ? { code: 200, message: "Token valid.", valid: true, user_name: u.name }
          : { code: 200, message: "Token invalid.", valid: false },
        rate.headers,
      );
    }
    const listensPath = /^\/1\/user\/([^/]+)\/listens$/.exec(url.pathname);
    if (method === "GET" && listensPath) {
      const name = decodeURIComponent(listensPath[1] ?? "");
      const min = Number(url.searchParams.get("min_ts") ?? 0);
      const max = Number(url.searchParams.get("max_ts") ?? Number.MAX_SAFE_INTEGER);
      const count = Math.min(1000, Number(url.searchParams.get("count") ?? 25));
      const all = this.listensOf(name).filter((l) => l.listened_at > min && l.listened_at < max);
      const listens = all.slice(0, count).map((l) => ({ ...l, user_name: name }));
      return json(200, { payload: { count: listens.length, listens, user_id: name } }, rate.headers);
    }
    if (url.pathname !== "/1/submit-listens") return err(404, "Not found");
    if (method !== "POST") return err(405, "Method not allowed");
    if (!token) return err(401, "You need to provide an Authorization header.");
    const user = this.users.get(token);
    if (!user) return err(401, "Invalid authorization token.");
    let doc: { listen_type?: unknown; payload?: unknown };
    try {
      doc = JSON.parse(body) as typeof doc;
    } catch {
      return err(400, "Cannot parse JSON document.");
    }
    const type = doc.listen_type;
    if (type !== "single" && type !== "playing_now" && type !== "import")
      return err(400, "JSON document must contain the key listen_type with a valid value.");
    if (!Array.isArray(doc.payload) || doc.payload.length === 0)
      return err(400, "JSON document does not contain any listens.");
    if (type !== "import" && doc.payload.length !== 1)
      return err(400, "JSON document should contain exactly one listen for single and playing_now.");
    if (doc.payload.length > MAX_IMPORT)
      return err(400, "Too many listens. You may not submit more than 1000.");
    const listens: Listen[] = [];
    for (const l of doc.payload as Record<string, unknown>[]) {
      if (JSON.stringify(l).length > MAX_LISTEN_BYTES)
        return err(
          400,
          `JSON document is too large. In aggregate, listens may not be larger than ${MAX_LISTEN_BYTES} characters.`,
        );
      const meta = l?.track_metadata as Record<string, unknown> | undefined;
      if (!meta || typeof meta.artist_name !== "string" || !meta.artist_name.trim())
        return err(400, "JSON document does not contain required track_metadata.artist_name.");
      if (typeof meta.track_name !== "string" || !meta.track_name.trim())
        return err(400, "JSON document does not contain required track_metadata.track_name.");
      if (type === "playing_now") {
        if ("listened_at" in l)
          return err(400, "JSON document must not contain listened_at while submitting playing_now.");
        listens.push({ listened_at: 0, track_metadata: meta });
        continue;
      }
      const ts = l.listened_at;
      if (typeof ts !== "number" || !Number.isInteger(ts))
        return err(400, "JSON document must contain listened_at.");
      if (ts < MIN_TS) return err(400, "Value for key listened_at is too low.");
      listens.push({ listened_at: ts, track_metadata: meta });
    }
    this.counters.submits++;
    if (type === "playing_now") {
      user.playingNow = listens[0] ?? null;
    } else {
      for (const l of listens) {
        const m = l.track_metadata;
        const key = [l.listened_at, m.artist_name, m.track_name, m.release_name ?? ""].join("\u0000");
        user.raw++;
        if (user.listens.has(key)) user.dups++;
        else user.listens.set(key, l);
      }
    }
    if (fault?.kind === "accept-then-drop") {
      if (fault.delayMs) await sleep(fault.delayMs);
      return drop(req);
    }
    return json(200, { status: "ok" }, rate.headers);
  }
}

/** The socket is closed without an answer: the client sees a network error, whatever the fake stored. */
export function drop(req: http.IncomingMessage): Reply {
  req.socket.destroy();
  return { status: 0 };
}
