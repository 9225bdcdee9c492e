/**
 * Shared plumbing for the fake provider servers: a tiny HTTP server on 127.0.0.1, body/JSON helpers, a
 * request log, and the remote control protocol.
 *
 * Control protocol (same for every fake): `POST <fake>/__control` with JSON `{ "op": "<name>", "args": [...] }`
 * → 200 `{ "result": <value> }` or 400 `{ "error": "<message>" }`. Tests run in other processes than the
 * fakes (vitest global-setup starts them), so they drive a fake through `remoteControl<Ops>(url)`, which
 * turns `fake.setPlayer(a, b)` into that POST. The same `Ops` interface is implemented in-process by the
 * fake class, so both styles are typed identically.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Recorded = {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status?: number;
};

export type Reply = { status: number; headers?: Record<string, string>; body?: string | Buffer };

export type FakeHandler = (req: http.IncomingMessage, url: URL, body: string) => Promise<Reply> | Reply;

/** Methods of a control interface as async remote calls. */
export type Remote<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
};

export function json(status: number, data: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(data),
  };
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export type StartedServer = { server: http.Server; port: number; url: string; close(): Promise<void> };

/**
 * Starts an HTTP server whose `/__control` path dispatches to `control[op](...args)` and everything else to
 * `handler`. Every non-control request is recorded in `log` (newest last, capped).
 */
export async function startFakeServer(opts: {
  port?: number;
  handler: FakeHandler;
  control: object;
  log: Recorded[];
}): Promise<StartedServer> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    if (url.pathname === "/__control" && req.method === "POST") {
      return send(res, await dispatchControl(opts.control, body));
    }
    const rec: Recorded = {
      at: Date.now(),
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      ),
      body,
    };
    opts.log.push(rec);
    if (opts.log.length > 5000) opts.log.splice(0, opts.log.length - 5000);
    let reply: Reply;
    try {
      reply = await opts.handler(req, url, body);
    } catch (err) {
      reply = json(500, { error: { status: 500, message: String(err) } });
    }
    rec.status = reply.status;
    // Status 0 means the handler dropped the socket on purpose (fault injection).
    if (reply.status === 0) return;
    send(res, reply);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body ?? "");
}

/**
 * What every fake HTTP service shares: its request log, its server (control at POST /__control calls the
 * fake's own methods), its URL once started, and close.
 */
export abstract class FakeService {
  readonly log: Recorded[] = [];
  private server?: StartedServer;

  protected async listen(port: number | undefined, handler: FakeHandler): Promise<void> {
    this.server = await startFakeServer({ port, handler, control: this, log: this.log });
  }
  get url(): string {
    if (!this.server) throw new Error("not started");
    return this.server.url;
  }
  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}

async function dispatchControl(control: object, body: string): Promise<Reply> {
  try {
    const { op, args } = JSON.parse(body) as { op: string; args?: unknown[] };
    const fn = (control as Record<string, unknown>)[op];
    if (typeof fn !== "function" || op.startsWith("_") || op === "constructor") {
      return json(400, { error: `unknown op ${op}` });
    }
    const result = await (fn as (...a: unknown[]) => unknown).apply(control, args ?? []);
    return json(200, { result: result ?? null });
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}

/** A typed remote for a fake's control interface: `remoteControl<SpotifyControl>(url).setPlayer(...)`. */
export function remoteControl<T extends object>(baseUrl: string): Remote<T> {
  return new Proxy({} as Remote<T>, {
    get(_t, op) {
      if (typeof op !== "string" || op === "then") return undefined;
      return async (...args: unknown[]) => {
        const res = await fetch(`${baseUrl}/__control`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ op, args }),
        });
        const data = (await res.json()) as { result?: unknown; error?: string };
        if (!res.ok) throw new Error(`fake control ${op}: ${data.error}`);
        return data.result;
      };
    },
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One scheduled fault; `match` narrows it to a path prefix and/or a fake user; `count` how many hits. */
export type FaultSpec = {
  /** Path prefix, e.g. "/v1/me/player" or "/api/token"; omitted = any path. */
  path?: string;
  /** Fake user id (Spotify) or uid (Yandex); omitted = any user. */
  user?: string;
  status?: number;
  /** Seconds for Retry-After (Spotify 429). */
  retryAfter?: number;
  /** Replace the body verbatim (e.g. malformed JSON). */
  body?: string;
  /** Named fault shapes understood by the specific fake (e.g. "quota", "captcha", "empty403"). */
  kind?: string;
  /** Delay before replying, ms (slow replies). */
  delayMs?: number;
  /** Drop the connection instead of replying. */
  reset?: boolean;
  /** How many matching requests it applies to (default 1). */
  count?: number;
};

export class FaultQueue {
  private faults: (FaultSpec & { left: number })[] = [];
  add(f: FaultSpec): void {
    this.faults.push({ ...f, left: f.count ?? 1 });
  }
  clear(): void {
    this.faults = [];
  }
  take(path: string, user: string | undefined): FaultSpec | undefined {
    const i = this.faults.findIndex(
      (f) => (!f.path || path.startsWith(f.path)) && (!f.user || f.user === user),
    );
    if (i < 0) return undefined;
    const f = this.faults[i];
    if (!f) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.faults.splice(i, 1);
    return f;
  }
}
