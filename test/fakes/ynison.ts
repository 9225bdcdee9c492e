/**
 * Fake Ynison (reference/yandex-music-api.md Part B, checklist C.2): the redirector and the state service on
 * one 127.0.0.1 port, JSON text frames encoded like protobuf JSON (snake_case, int64 as strings, defaults
 * omitted). The redirect frame names `127.0.0.1:<port>` as the host, so the client connects back with ws://.
 *
 * Start:  `await FakeYnison.start({ accounts })` (share `FakeYandex.accounts`) → `fake.url` (YNISON_URL).
 * Remote: `remoteControl<YnisonControl>(fake.controlUrl)` (POST /__control on the same port).
 *
 * Two modes per uid (setMode). **faithful** (the default) is the service as the contract describes it: the
 * player (ynison-player.ts) runs its own timeline and a frame goes out only when something changes — a track
 * ends and the next begins, pause, resume, seek, repeat, the queue — and nothing in between; the last track
 * of a queue ends paused at its end and no frame follows. **scripted** is the old hand-driven fake: every
 * `setPlayer` pushes its script verbatim and nothing advances on its own (for protocol-level tests).
 *
 * Scripting (YnisonControl), all per Yandex uid:
 *   setMode(uid, "faithful" | "scripted")
 *   setPlayer(uid, script | null)   scripted: new state, pushed. faithful: the player is now in this state;
 *                                   pushed only if it differs from where the player already is
 *   load(uid, script)               faithful: load a queue (paused: true = loaded but not playing), pushed
 *   play / pause / next(uid)        faithful: resume, pause, skip (index kept across pause/seek/repeat)
 *   seek(uid, ms), jump(uid, i)     faithful: a new position / a queue item from 0
 *   setRepeat(uid, "NONE"|"ONE"|"ALL")
 *   stale(uid, script & {changedAt}) a state left over from long ago ("playing" since changedAt), frozen
 *   truth(uid)                      where playback really is now, and the log of changes (for the lab)
 *   push(uid)                       re-push the same state (duplicate frame)
 *   pushRaw(uid, frame)             send any frame verbatim (sentinel, empty version blocks, inject…)
 *   setPushes(uid, on)              off = "pushes that simply stop"
 *   goAway(uid, seconds, code?)     error frame with ynison-go-away-for-seconds, then close
 *   sendError(uid, error, close?)   any error frame
 *   dropConnections(uid)            abrupt close without a frame
 *   setRedirector(uid, mode)        "ok" | "http401" | "nohost" | "error"
 *   setPongs(on)                    off = pings go unanswered (keep-alive timeout tests)
 *   connections(uid?)               every state/redirector socket opened: device id, kind, open/close times
 *   registrations(uid)              the first message of each state socket (to assert passive registration)
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { json, readBody } from "./server";
import type { YandexAccounts } from "./yandex";
import {
  displaced,
  goAway,
  invalidJson,
  malformed,
  noHostFrame,
  parseProtocols,
  redirectFrame,
  stateFrame,
  unauthenticated,
  type YnisonScript,
} from "./ynison-frames";
import { type LoadScript, type PlayerEvent, type RepeatMode, YnisonPlayer } from "./ynison-player";

export const REDIRECTOR_PATH = "/redirector.YnisonRedirectService/GetRedirectToYnison";
export const STATE_PATH = "/ynison_state.YnisonStateService/PutYnisonState";
export type { YnisonPlayable, YnisonScript } from "./ynison-frames";

type Conn = {
  id: number;
  uid: number;
  deviceId: string;
  kind: "redirector" | "state";
  openedAt: number;
  closedAt?: number;
  socket: WebSocket;
};

export type YnisonControl = Pick<
  FakeYnison,
  | "setMode"
  | "load"
  | "play"
  | "pause"
  | "next"
  | "seek"
  | "jump"
  | "setRepeat"
  | "stale"
  | "truth"
  | "setPlayer"
  | "push"
  | "pushRaw"
  | "setPushes"
  | "goAway"
  | "sendError"
  | "dropConnections"
  | "setRedirector"
  | "setPongs"
  | "connections"
  | "registrations"
>;

type UserState = {
  mode: "faithful" | "scripted";
  player: YnisonPlayer;
  script: YnisonScript | null;
  statusVersion: number;
  queueVersion: number;
  pushes: boolean;
  redirector: "ok" | "http401" | "nohost" | "error";
  registrations: unknown[];
};

export class FakeYnison {
  private users = new Map<number, UserState>();
  private conns: Conn[] = [];
  private tickets = new Map<string, { uid: number; deviceId: string; sessionId: string }>();
  private pongs = true;
  private nextId = 1;
  private server?: http.Server;
  private port = 0;

  constructor(
    readonly accounts: YandexAccounts,
    /** Track lengths the faithful player uses when a queue item names none (the REST fake's catalogue). */
    private durationOf: (trackId: string) => number | undefined = () => undefined,
  ) {}

  static async start(opts: {
    accounts: YandexAccounts;
    port?: number;
    durationOf?: (trackId: string) => number | undefined;
  }): Promise<FakeYnison> {
    const fake = new FakeYnison(opts.accounts, opts.durationOf);
    await fake.listen(opts.port ?? 0);
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  get controlUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const u of this.users.values()) u.player.stop();
    for (const c of this.conns) c.socket.terminate();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  // ---- control ----------------------------------------------------------------------------------

  setMode(uid: number, mode: UserState["mode"]): void {
    this.user(uid).mode = mode;
  }
  setPlayer(uid: number, script: YnisonScript | null): void {
    const u = this.user(uid);
    if (u.mode === "faithful") {
      if (!script) u.player.load(null);
      else u.player.adopt(script);
      return;
    }
    const prev = u.script;
    const queueChanged =
      !prev ||
      !script ||
      prev.index !== script.index ||
      JSON.stringify(prev.queue) !== JSON.stringify(script.queue);
    u.script = script;
    u.statusVersion += 1;
    if (queueChanged) u.queueVersion += 1;
    if (u.pushes) this.push(uid);
  }
  load(uid: number, script: LoadScript): void {
    this.faithful(uid).load(script);
  }
  play(uid: number): void {
    this.faithful(uid).play();
  }
  pause(uid: number): void {
    this.faithful(uid).pause();
  }
  next(uid: number): void {
    this.faithful(uid).next();
  }
  seek(uid: number, positionMs: number): void {
    this.faithful(uid).seek(positionMs);
  }
  jump(uid: number, index: number): void {
    this.faithful(uid).jump(index);
  }
  setRepeat(uid: number, mode: RepeatMode): void {
    this.faithful(uid).setRepeat(mode);
  }
  stale(uid: number, script: YnisonScript & { changedAt: number }): void {
    this.faithful(uid).stale(script);
  }
  truth(uid: number): { now: ReturnType<YnisonPlayer["now"]>; log: PlayerEvent[] } {
    const p = this.user(uid).player;
    return { now: p.now(), log: p.log };
  }
  push(uid: number): void {
    this.send(uid, this.frame(uid));
  }
  pushRaw(uid: number, frame: unknown): void {
    this.send(uid, frame);
  }
  setPushes(uid: number, on: boolean): void {
    this.user(uid).pushes = on;
  }
  goAway(uid: number, seconds: number, code = "400090001"): void {
    this.sendError(uid, goAway(seconds, code), true);
  }
  sendError(uid: number, error: unknown, close = true): void {
    for (const c of this.live(uid)) {
      c.socket.send(JSON.stringify({ error }));
      if (close) c.socket.close(1000);
    }
  }
  dropConnections(uid: number): void {
    for (const c of this.live(uid)) c.socket.terminate();
  }
  setRedirector(uid: number, mode: UserState["redirector"]): void {
    this.user(uid).redirector = mode;
  }
  setPongs(on: boolean): void {
    this.pongs = on;
  }
  connections(uid?: number): Omit<Conn, "socket">[] {
    return this.conns
      .filter((c) => uid === undefined || c.uid === uid)
      .map(({ socket: _s, ...rest }) => rest);
  }
  registrations(uid: number): unknown[] {
    return this.user(uid).registrations;
  }

  // ---- protocol ---------------------------------------------------------------------------------

  private async listen(port: number): Promise<void> {
    const wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      maxPayload: 64 * 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has("Bearer") ? "Bearer" : false),
    });
    this.server = http.createServer(async (req, res) => {
      const body = await readBody(req);
      const reply =
        req.url === "/__control" && req.method === "POST"
          ? await this.control(body)
          : json(404, { error: "websocket only" });
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
    this.server.on("upgrade", (req, socket, head) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const account = this.accounts.fromHeader(req.headers.authorization);
      const meta = parseProtocols(req.headers["sec-websocket-protocol"]);
      const deny = (status: number) => {
        socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
      };
      if (req.headers.origin !== "https://music.yandex.ru" || !meta) return deny(403);
      if (path === REDIRECTOR_PATH) {
        if (account && this.user(account.uid).redirector === "http401") return deny(401);
        wss.handleUpgrade(req, socket, head, (ws) => this.redirect(ws, account?.uid, meta));
      } else if (path === STATE_PATH) {
        if (!account) return deny(401);
        wss.handleUpgrade(req, socket, head, (ws) => this.state(ws, account.uid, meta));
      } else deny(404);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async control(body: string) {
    try {
      const { op, args } = JSON.parse(body) as { op: keyof YnisonControl; args?: unknown[] };
      const fn = this[op] as unknown;
      if (typeof fn !== "function") return json(400, { error: `unknown op ${op}` });
      return json(200, { result: (await fn.apply(this, args ?? [])) ?? null });
    } catch (err) {
      return json(400, { error: String(err) });
    }
  }

  private track(ws: WebSocket, uid: number, deviceId: string, kind: Conn["kind"]): Conn {
    const conn: Conn = { id: this.nextId++, uid, deviceId, kind, openedAt: Date.now(), socket: ws };
    this.conns.push(conn);
    ws.on("ping", (data) => {
      if (this.pongs) ws.pong(data);
    });
    ws.on("close", () => {
      conn.closedAt = Date.now();
    });
    return conn;
  }

  private redirect(ws: WebSocket, uid: number | undefined, meta: Record<string, string>): void {
    const deviceId = meta["Ynison-Device-Id"] ?? "";
    this.track(ws, uid ?? 0, deviceId, "redirector");
    const mode = uid === undefined ? "nohost" : this.user(uid).redirector;
    if (mode === "error") {
      ws.send(JSON.stringify({ error: unauthenticated() }));
    } else if (mode === "nohost" || uid === undefined) {
      ws.send(JSON.stringify(noHostFrame()));
    } else {
      const ticket = randomBytes(12).toString("hex");
      const sessionId = String(7271829312345678000n + BigInt(this.nextId));
      this.tickets.set(ticket, { uid, deviceId, sessionId });
      ws.send(JSON.stringify(redirectFrame(`127.0.0.1:${this.port}`, ticket, sessionId)));
    }
    ws.close(1000);
  }

  private state(ws: WebSocket, uid: number, meta: Record<string, string>): void {
    const deviceId = meta["Ynison-Device-Id"] ?? "";
    const ticket = this.tickets.get(meta["Ynison-Redirect-Ticket"] ?? "");
    if (!ticket || ticket.uid !== uid || ticket.sessionId !== meta["Ynison-Session-Id"]) {
      ws.send(JSON.stringify({ error: unauthenticated() }));
      ws.close(1000);
      return;
    }
    this.tickets.delete(meta["Ynison-Redirect-Ticket"] ?? "");
    // One live connection per device id: the older one is displaced with a one-hour go-away.
    for (const old of this.conns.filter(
      (c) => c.kind === "state" && c.deviceId === deviceId && !c.closedAt,
    )) {
      old.socket.send(JSON.stringify({ error: displaced() }));
      old.socket.close(1000);
    }
    const conn = this.track(ws, uid, deviceId, "state");
    let registered = false;
    ws.on("message", (data) => {
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        ws.send(JSON.stringify({ error: invalidJson() }));
        return;
      }
      if (!registered) {
        if (!("update_full_state" in msg)) {
          ws.send(JSON.stringify({ error: malformed() }));
          ws.close(1000);
          return;
        }
        registered = true;
        this.user(uid).registrations.push(msg);
        ws.send(JSON.stringify(this.frame(uid)));
        return;
      }
      // Any later message from a passive watcher is a protocol violation worth seeing in tests.
      this.user(uid).registrations.push({ unexpected: msg, conn: conn.id });
    });
  }

  private live(uid: number): Conn[] {
    return this.conns.filter((c) => c.uid === uid && c.kind === "state" && !c.closedAt);
  }

  private send(uid: number, frame: unknown): void {
    const text = JSON.stringify(frame);
    for (const c of this.live(uid)) c.socket.send(text);
  }

  private faithful(uid: number): YnisonPlayer {
    const u = this.user(uid);
    if (u.mode !== "faithful") throw new Error(`uid ${uid} is in scripted mode`);
    return u.player;
  }

  private user(uid: number): UserState {
    let u = this.users.get(uid);
    if (!u) {
      const player = new YnisonPlayer(
        (p) => p.durationMs ?? this.durationOf(p.id),
        () => {
          if (this.users.get(uid)?.pushes) this.push(uid);
        },
      );
      u = {
        mode: "faithful",
        player,
        script: null,
        statusVersion: 1,
        queueVersion: 1,
        pushes: true,
        redirector: "ok",
        registrations: [],
      };
      this.users.set(uid, u);
    }
    return u;
  }
  private frame(uid: number): Record<string, unknown> {
    const u = this.user(uid);
    if (u.mode === "faithful")
      return stateFrame(u.player.script(), { status: u.player.statusVersion, queue: u.player.queueVersion });
    return stateFrame(u.script, { status: u.statusVersion, queue: u.queueVersion });
  }
}
