/**
 * Fake Yandex Music REST API (reference/yandex-music-api.md Part A, checklist C.1) on one 127.0.0.1 port.
 *
 * Start:  `const fake = await FakeYandex.start({ lyricsKey })` → `fake.url` (YANDEX_MUSIC_API_URL).
 * Remote: `remoteControl<YandexControl>(url)` from another process (POST /__control).
 * The account registry (`fake.accounts`) is shared with FakeYnison so one token works on both.
 *
 * Behaviour: `Authorization: OAuth <token>` required (unknown/expired → 401 `session-expired`; on
 * `/account/status` an unknown token gives 200 without `uid`, as the library describes); a missing
 * `X-Yandex-Music-Client` header → 403 `session-expired`; every reply wrapped in `{invocationInfo, result}`.
 *
 * Scripting (YandexControl): addAccount, expireToken, setLikes, addTrack, setHistory, failNext (kinds:
 * "captcha" = HTML 429 for that path family, "empty403", "noResult" = payload at the root; or a status,
 * delayMs, reset), clearFaults, requests.
 */
import { createHmac, randomBytes } from "node:crypto";
import type http from "node:http";
import { FakeService, FaultQueue, type FaultSpec, json, type Recorded, type Reply, sleep } from "./server";
import { DEFAULT_YANDEX_TRACKS, trackJson, type YTrack } from "./yandex-data";

export { DEFAULT_YANDEX_TRACKS, type YTrack } from "./yandex-data";

export type YandexAccount = { token: string; uid: number; login: string; expired?: boolean };

/** Tokens → accounts, shared by the REST and Ynison fakes. */
export class YandexAccounts {
  private byToken = new Map<string, YandexAccount>();
  add(a: YandexAccount): void {
    this.byToken.set(a.token, a);
  }
  get(token: string | undefined): YandexAccount | undefined {
    return token ? this.byToken.get(token) : undefined;
  }
  /** From an `Authorization: OAuth <token>` header; undefined when missing, unknown or expired. */
  fromHeader(header: string | undefined): YandexAccount | undefined {
    const a = header?.startsWith("OAuth ") ? this.get(header.slice(6)) : undefined;
    return a && !a.expired ? a : undefined;
  }
}

export type YandexControl = Pick<
  FakeYandex,
  | "addAccount"
  | "expireToken"
  | "setLikes"
  | "addTrack"
  | "setHistory"
  | "failNext"
  | "clearFaults"
  | "requests"
>;

type HistoryTab = { date: string; trackIds: string[] };

export class FakeYandex extends FakeService {
  readonly accounts: YandexAccounts;
  private tracks = new Map(DEFAULT_YANDEX_TRACKS.map((t) => [t.id, t]));
  private likes = new Map<
    number,
    { revision: number; items: { id: string; albumId?: string; timestamp: string }[] }
  >();
  private history = new Map<number, HistoryTab[]>();
  private downloads = new Map<string, { body: string; expiresAt: number }>();
  private faults = new FaultQueue();
  override readonly log: (Recorded & { user?: string })[] = [];

  constructor(readonly opts: { lyricsKey: string; accounts?: YandexAccounts }) {
    super();
    this.accounts = opts.accounts ?? new YandexAccounts();
  }

  static async start(opts: FakeYandex["opts"] & { port?: number }): Promise<FakeYandex> {
    const fake = new FakeYandex(opts);
    await fake.listen(opts.port, (req, url, body) => fake.handle(req, url, body));
    return fake;
  }

  // ---- control ----------------------------------------------------------------------------------

  addAccount(a: { token: string; uid: number; login?: string }): void {
    this.accounts.add({ token: a.token, uid: a.uid, login: a.login ?? `user${a.uid}` });
  }
  expireToken(token: string): void {
    const a = this.accounts.get(token);
    if (a) a.expired = true;
  }
  setLikes(uid: number, items: { id: string; albumId?: string; timestamp: string }[], revision = 1): void {
    this.likes.set(uid, { revision, items });
  }
  addTrack(t: YTrack): void {
    this.tracks.set(t.id, t);
  }
  /** A catalogue track's length (the Ynison fake's player plays it this long). */
  durationOf(id: string): number | undefined {
    return this.tracks.get(id)?.durationMs;
  }
  setHistory(uid: number, tabs: HistoryTab[]): void {
    this.history.set(uid, tabs);
  }
  failNext(fault: FaultSpec): void {
    this.faults.add(fault);
  }
  clearFaults(): void {
    this.faults.clear();
  }
  requests(filter: { path?: string; user?: string; since?: number } = {}): (Recorded & { user?: string })[] {
    return this.log.filter(
      (r) =>
        (!filter.path || r.path.startsWith(filter.path)) &&
        (!filter.user || r.user === filter.user) &&
        (!filter.since || r.at >= filter.since),
    );
  }

  // ---- HTTP -------------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, url: URL, body: string): Promise<Reply> {
    const path = url.pathname;
    if (path.startsWith("/__lyrics/")) return this.download(path.slice(10));
    const account = this.accounts.fromHeader(req.headers.authorization);
    const rec = this.log[this.log.length - 1];
    if (rec && account) rec.user = String(account.uid);
    const fault = this.faults.take(path, account ? String(account.uid) : undefined);
    let rootPayload = false;
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.reset) {
        req.socket.destroy();
        return { status: 0 };
      }
      if (fault.kind === "captcha") return captcha();
      if (fault.kind === "empty403") return { status: 403 };
      if (fault.kind === "noResult") rootPayload = true;
      else if (fault.status)
        return wrapError(fault.status, fault.status >= 500 ? "unknown" : "validate", "fault");
    }
    if (!req.headers["x-yandex-music-client"])
      return wrapError(403, "session-expired", "Client header required");
    if (path === "/account/status" && !account && !this.isExpired(req)) return ok(accountStatus(undefined));
    if (!account) return wrapError(401, "session-expired", "Your OAuth token is likely expired");
    const reply = this.route(req, url, body, account);
    if (rootPayload && reply.status === 200 && reply.body) {
      const parsed = JSON.parse(String(reply.body)) as { result: unknown };
      return json(200, parsed.result);
    }
    return reply;
  }

  private isExpired(req: http.IncomingMessage): boolean {
    const h = req.headers.authorization;
    return Boolean(h?.startsWith("OAuth ") && this.accounts.get(h.slice(6))?.expired);
  }

  private route(req: http.IncomingMessage, url: URL, body: string, account: YandexAccount): Reply {
    const path = url.pathname;
    const q = url.searchParams;
    if (path === "/account/status") return ok(accountStatus(account));
    const likes = /^\/users\/(\d+)\/likes\/tracks$/.exec(path);
    if (likes) {
      if (Number(likes[1]) !== account.uid) return wrapError(403, "not-allowed", "Forbidden");
      const l = this.likes.get(account.uid) ?? { revision: 0, items: [] };
      return ok({
        library: { uid: account.uid, revision: l.revision, playlistUuid: "c1d2", tracks: l.items },
      });
    }
    if (path === "/tracks") {
      const form = req.method === "POST" ? new URLSearchParams(body) : q;
      const ids = form
        .getAll("track-ids")
        .flatMap((v) => v.split(","))
        .filter(Boolean);
      if (ids.length === 0) return wrapError(400, "validate", "Parameters requirements are not met");
      const found = ids.map((id) => this.tracks.get(id.split(":")[0] ?? "")).filter((t) => t !== undefined);
      return ok(found.map(trackJson));
    }
    const lyr = /^\/tracks\/([\d:]+)\/lyrics$/.exec(path);
    if (lyr) return this.lyrics(lyr[1] ?? "", q);
    const one = /^\/tracks\/([\d:]+)$/.exec(path);
    if (one) {
      const t = this.tracks.get(one[1]?.split(":")[0] ?? "");
      return t ? ok([trackJson(t)]) : wrapError(404, "not-found", "Track not found");
    }
    if (path === "/music-history") return this.musicHistory(account, Number(q.get("fullModelsCount") ?? 0));
    return wrapError(404, "not-found", "Unknown method");
  }

  private lyrics(ref: string, q: URLSearchParams): Reply {
    const id = ref.split(":")[0] ?? "";
    const ts = q.get("timeStamp") ?? "";
    const expected = createHmac("sha256", this.opts.lyricsKey).update(`${id}${ts}`).digest("base64");
    if (q.get("sign") !== expected || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
      return json(403, { invocationInfo: info(), error: { name: "Invalid Sign", message: "Invalid Sign" } });
    }
    const t = this.tracks.get(id);
    const text = q.get("format") === "LRC" ? t?.lyrics?.lrc : t?.lyrics?.text;
    if (!text) return wrapError(404, "not-found", "Lyrics not found");
    const key = randomBytes(12).toString("hex");
    this.downloads.set(key, { body: text, expiresAt: Date.now() + 60_000 });
    return ok({
      downloadUrl: `${this.url}/__lyrics/${key}?X-Amz-Expires=60`,
      lyricId: 123456,
      externalLyricId: "98765",
      writers: ["A. Author"],
      major: { id: 7, name: "provider", prettyName: "Provider" },
    });
  }

  private download(key: string): Reply {
    const d = this.downloads.get(key);
    if (!d || d.expiresAt < Date.now()) return { status: 403, body: "<Error>AccessDenied</Error>" };
    return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: d.body };
  }

  private musicHistory(account: YandexAccount, full: number): Reply {
    let n = 0;
    const tabs = (this.history.get(account.uid) ?? []).map((tab) => ({
      date: tab.date,
      items: [
        {
          context: { type: "various", data: {} },
          tracks: tab.trackIds.map((id) => {
            const t = this.tracks.get(id);
            const withModel = n++ < full && t;
            return {
              type: "track",
              data: {
                itemId: { trackId: id, ...(t?.album && { albumId: String(t.album.id) }) },
                ...(withModel && { fullModel: trackJson(t) }),
              },
            };
          }),
        },
      ],
    }));
    return ok({ historyTabs: tabs });
  }
}

function info() {
  return {
    "req-id": `${Date.now()}${Math.floor(Math.random() * 1e6)}-1`,
    hostname: "fake-music-api",
    "exec-duration-millis": 1,
  };
}

function ok(result: unknown): Reply {
  return json(200, { invocationInfo: info(), result });
}

function wrapError(status: number, name: string, message: string): Reply {
  return json(status, { invocationInfo: info(), error: { name, message } });
}

function accountStatus(a: YandexAccount | undefined) {
  return {
    account: {
      now: new Date().toISOString(),
      serviceAvailable: true,
      ...(a && { uid: a.uid, login: a.login, displayName: a.login, region: 225 }),
    },
    permissions: {
      until: new Date(Date.now() + 30 * 86400_000).toISOString(),
      values: ["landing-play"],
      default: [],
    },
    ...(a && { plus: { hasPlus: true, isTutorialCompleted: true } }),
  };
}

/** The WAF's smart-captcha page: HTML with HTTP 429, never JSON. */
function captcha(): Reply {
  return {
    status: 429,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: `<!DOCTYPE html><html><head><title>Ой!</title></head><body><div class="smart-captcha" id="captcha_smart_qrcode"></div><a href="https://yandex.ru/support/smart-captcha/about-429.html">about-429</a></body></html>`,
  };
}
