/**
 * A long-lived, passive Ynison watcher for one user (B.1–B.9): redirector, then the state socket; the
 * passive registration first; pings with a pong timeout; reconnect with exponential backoff and jitter
 * (redirector again each time, attempts reset only after a state frame); go-away honoured; no reconnect
 * after auth errors. One instance per device id: never connect per poll.
 */
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { env } from "@/lib/env";
import { passiveRegistration } from "./device";
import {
  isDuplicate,
  mergeState,
  type ParsedFrame,
  parseFrame,
  type YnisonError,
  type YnisonState,
} from "./frames";

export type WatcherStatus = "connecting" | "live" | "backoff" | "auth_error" | "go_away" | "stopped";

export type WatcherOptions = {
  token: string;
  deviceId: string;
  /** Every new (non-duplicate) merged state. */
  onState?: (state: YnisonState) => void;
  onStatus?: (status: WatcherStatus, detail?: YnisonError | string) => void;
  /** A redirect without host/ticket is a probable auth failure: confirm with /account/status (B.1). */
  verifyToken?: () => Promise<boolean>;
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  keepAliveMs?: number;
  pongTimeoutMs?: number;
};

// Polls come at least every 30 s (lib/listening/cadence.ts): a few minutes of history is plenty.
const RECENT_MAX = 16;
const RECENT_MS = 5 * 60_000;
const REDIRECTOR = "/redirector.YnisonRedirectService/GetRedirectToYnison";
const STATE = "/ynison_state.YnisonStateService/PutYnisonState";

export class YnisonWatcher {
  state: YnisonState | undefined;
  status: WatcherStatus = "stopped";
  goAwayUntil = 0;
  /**
   * When the current socket's first state frame arrived; undefined while not live. Ynison pushes every
   * change, so from then on nothing happened that we were not told (the listening rules rely on it).
   */
  liveSince: number | undefined;
  /**
   * The states pushed lately, oldest first, each with its socket's `liveSince`: the exact history between two
   * looks of the listening rules (frames come only on change, so nothing between them is missing).
   */
  recent: { state: YnisonState; liveSince: number }[] = [];
  private attempts = 0;
  private socket: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private recentConnects: number[] = [];

  constructor(private opts: WatcherOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.socket?.terminate();
    this.socket = undefined;
    this.setStatus("stopped");
  }

  private setStatus(s: WatcherStatus, detail?: YnisonError | string): void {
    this.status = s;
    if (s !== "live") this.liveSince = undefined;
    this.opts.onStatus?.(s, detail);
    if (s !== "connecting" && s !== "backoff") this.settle();
  }

  private waiting: (() => void)[] = [];
  private settle(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Resolves at the first state (or a terminal status), or after `timeoutMs`, whichever comes first. */
  ready(timeoutMs: number): Promise<void> {
    if (this.state || (this.status !== "connecting" && this.status !== "backoff")) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private protocols(extra: Record<string, string> = {}): string[] {
    const meta = {
      "Ynison-Device-Id": this.opts.deviceId,
      "Ynison-Device-Info": JSON.stringify({ app_name: "MusicTrace", type: 1 }),
      ...extra,
    };
    return ["Bearer", "v2", encodeURIComponent(JSON.stringify(meta))];
  }

  private open(url: string, extra?: Record<string, string>): WebSocket {
    return new WebSocket(url, this.protocols(extra), {
      headers: { Origin: "https://music.yandex.ru", Authorization: `OAuth ${this.opts.token}` },
      maxPayload: 64 * 1024 * 1024,
      handshakeTimeout: 10_000,
    });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // Cap connects per minute so a flapping network cannot trigger the displacement ban (B.8).
    const now = Date.now();
    this.recentConnects = this.recentConnects.filter((t) => now - t < 60_000);
    if (this.recentConnects.length >= 6) return this.retry(60_000 - (now - (this.recentConnects[0] ?? now)));
    this.recentConnects.push(now);
    this.setStatus("connecting");
    const base = env().YNISON_URL.replace(/\/$/, "");
    let redirect: Extract<ParsedFrame, { type: "redirect" }>;
    try {
      const first = await this.firstFrame(this.open(base + REDIRECTOR));
      if (first.type === "error") return this.onError(first.error);
      if (first.type !== "redirect") return this.retry();
      redirect = first;
    } catch (err) {
      if (err instanceof UpgradeRejected && (err.status === 401 || err.status === 403))
        return this.setStatus("auth_error", `upgrade ${err.status}`);
      return this.retry();
    }
    if (!redirect.host || !redirect.ticket || !redirect.sessionId) {
      const valid = await this.opts.verifyToken?.().catch(() => true);
      if (valid === false) return this.setStatus("auth_error", "redirect without host");
      return this.retry();
    }
    if (this.stopped) return;
    const scheme = base.startsWith("ws://") ? "ws" : "wss";
    const ws = this.open(`${scheme}://${redirect.host}${STATE}`, {
      "Ynison-Redirect-Ticket": redirect.ticket,
      "Ynison-Session-Id": redirect.sessionId,
    });
    this.socket = ws;
    const keepAlive = this.opts.keepAliveMs ?? Math.min(20_000, (redirect.keepAliveSeconds ?? 20) * 1000);
    ws.on("open", () => {
      ws.send(JSON.stringify(passiveRegistration(this.opts.deviceId, randomUUID())));
      this.startPings(
        ws,
        keepAlive,
        this.opts.pongTimeoutMs ?? (redirect.keepAliveTimeoutSeconds ?? 10) * 1000,
      );
    });
    ws.on("message", (data) => this.onMessage(String(data)));
    ws.on("unexpected-response", (_req, res) => {
      ws.terminate();
      if (res.statusCode === 401 || res.statusCode === 403)
        this.setStatus("auth_error", `upgrade ${res.statusCode}`);
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      if (this.socket === ws) this.socket = undefined;
      this.clearTimers();
      if (this.status === "live" || this.status === "connecting") this.retry();
    });
  }

  private onMessage(text: string): void {
    const f = parseFrame(text);
    if (f.type === "error") {
      this.onError(f.error);
      return;
    }
    if (f.type !== "state") return;
    this.attempts = 0;
    if (this.status !== "live") {
      this.setStatus("live");
      this.liveSince = f.state.receivedAt;
    }
    if (isDuplicate(this.state, f.state)) return;
    this.state = mergeState(this.state, f.state);
    this.remember(this.state);
    this.opts.onState?.(this.state);
    this.settle();
  }

  private remember(state: YnisonState): void {
    this.recent.push({ state, liveSince: this.liveSince ?? state.receivedAt });
    const since = state.receivedAt - RECENT_MS;
    while (this.recent.length > RECENT_MAX || (this.recent[0]?.state.receivedAt ?? since) < since)
      this.recent.shift();
  }

  private onError(e: YnisonError): void {
    const ws = this.socket;
    this.socket = undefined;
    ws?.close();
    if (e.kind === "auth") {
      this.setStatus("auth_error", e);
      return;
    }
    if (e.goAwaySeconds) {
      this.goAwayUntil = Date.now() + e.goAwaySeconds * 1000;
      this.setStatus("go_away", e);
      this.schedule(e.goAwaySeconds * 1000);
      return;
    }
    const hint = e.backoffMs?.[Math.min(this.attempts, (e.backoffMs?.length ?? 1) - 1)];
    this.retry(hint);
  }

  private retry(delayMs?: number): void {
    if (this.stopped) return;
    const base = this.opts.backoffBaseMs ?? 1000;
    const max = this.opts.maxBackoffMs ?? 64_000;
    const wait =
      delayMs ?? Math.min(max, base * 2 ** this.attempts) + (Math.random() - 0.5) * Math.min(base, 1000);
    this.attempts += 1;
    this.setStatus("backoff");
    this.schedule(Math.max(0, wait));
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), ms);
    this.timer.unref?.();
  }

  private startPings(ws: WebSocket, every: number, timeout: number): void {
    let waiting: NodeJS.Timeout | undefined;
    ws.on("pong", () => clearTimeout(waiting));
    this.pingTimer = setInterval(() => {
      ws.ping();
      clearTimeout(waiting);
      waiting = setTimeout(() => ws.terminate(), timeout);
      waiting.unref?.();
    }, every);
    this.pingTimer.unref?.();
    ws.on("close", () => clearTimeout(waiting));
  }

  private clearTimers(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    if (this.stopped) clearTimeout(this.timer);
  }

  /** The redirector answers with one frame and closes. */
  private firstFrame(ws: WebSocket): Promise<ParsedFrame> {
    return new Promise((resolve, reject) => {
      ws.once("message", (data) => {
        resolve(parseFrame(String(data)));
        ws.close();
      });
      ws.once("unexpected-response", (_req, res) => {
        ws.terminate();
        reject(new UpgradeRejected(res.statusCode ?? 0));
      });
      ws.once("error", reject);
      ws.once("close", () => reject(new Error("closed without a frame")));
    });
  }
}

class UpgradeRejected extends Error {
  constructor(readonly status: number) {
    super(`upgrade rejected with ${status}`);
  }
}
