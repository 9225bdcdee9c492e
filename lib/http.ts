import { randomUUID } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { getDb, type RootDb } from "@/db/client";
import { requireUser, type SessionUser } from "./auth";
import { env } from "./env";
import { BadRequest, Forbidden, HttpError, RateLimited } from "./errors";
import { log } from "./log";
import { nulField } from "./validation/fields";

type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;

type RouteOptions<Q, B, P> = {
  auth: "none" | "user" | "admin";
  query?: Q;
  body?: B;
  params?: P;
};

type Context<Q, B, P, A> = {
  req: NextRequest;
  user: A extends "none" ? SessionUser | null : SessionUser;
  query: Infer<Q>;
  body: Infer<B>;
  params: Infer<P>;
  db: RootDb;
};

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The one route-handler wrapper: session, CSRF origin check, zod parsing, and the error → status table.
 * A handler returns plain data (sent as 200 JSON) or a Response of its own.
 */
export function route<
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  A extends "none" | "user" | "admin" = "user",
>(options: RouteOptions<Q, B, P> & { auth: A }, handler: (ctx: Context<Q, B, P, A>) => Promise<unknown>) {
  return async (req: NextRequest, segment: { params: Promise<Record<string, string | string[]>> }) => {
    try {
      if (MUTATING.has(req.method)) checkOrigin(req);
      const user = options.auth === "none" ? null : await requireUser(options.auth);
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      const rawBody = options.body ? await readJson(req) : undefined;
      // PostgreSQL text cannot hold NUL: refused here for every route, naming the field.
      const nul = nulField(rawQuery) ?? nulField(rawBody);
      if (nul !== null) throw new BadRequest(`Invalid ${nul}`, nul, "nul_byte");
      const query = options.query ? (options.query as Schema).parse(rawQuery) : undefined;
      const body = options.body ? (options.body as Schema).parse(rawBody) : undefined;
      const params = options.params ? (options.params as Schema).parse(await segment.params) : undefined;
      const result = await handler({ req, user, query, body, params, db: getDb() } as Context<Q, B, P, A>);
      const res = result instanceof Response ? result : json(result);
      // The signed-in person's own reads may be kept by their browser (the service worker's offline copies,
      // wiped at sign-out) but must be revalidated; everything else is never stored anywhere.
      if (req.method === "GET" && options.auth === "user" && res.headers.get("cache-control") === NO_STORE)
        res.headers.set("cache-control", "private, no-cache");
      return res;
    } catch (err) {
      return errorResponse(err);
    }
  };
}

const NO_STORE = "private, no-store";

export function json(data: unknown, status = 200, headers?: HeadersInit): NextResponse {
  const res = NextResponse.json(data, { status, headers });
  if (!res.headers.has("cache-control")) res.headers.set("cache-control", NO_STORE);
  return res;
}

export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join(".") || undefined;
    return json(
      {
        status: "error",
        message: field ? `Invalid ${field}` : "Invalid request",
        field,
        detail: issue?.message,
      },
      400,
    );
  }
  if (err instanceof RateLimited) {
    return json({ status: "error", message: err.message }, 429, {
      "Retry-After": String(err.retryAfterSeconds),
    });
  }
  if (err instanceof HttpError)
    return json({ status: "error", message: err.message, ...err.extra }, err.status);
  const requestId = randomUUID();
  log.error("request failed", { requestId, ...describeError(err) });
  return json({ status: "error", message: "Internal error", requestId }, 500);
}

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new HttpError(400, "Request body must be JSON");
  }
}

/**
 * What an unexpected error may tell the log: its kind, SQL state and stack frames, never the values it
 * carried. Drizzle's messages end in the query's parameters (a search string, a password hash) and
 * PostgreSQL's quote the offending value, so neither message is written.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { error: typeof err };
  const cause = err.cause as { code?: unknown; routine?: unknown } | undefined;
  const query = /^Failed query: ([\s\S]*?)\nparams:/.exec(err.message)?.[1];
  const frames = (err.stack ?? "").split("\n").filter((l) => l.trimStart().startsWith("at "));
  return {
    error: err.name,
    // Quoted parts of a message are values (PostgreSQL quotes the offending input): blanked.
    ...(query ? { query } : { detail: err.message.replace(/"[^"]*"|'[^']*'/g, '"…"').slice(0, 200) }),
    ...(typeof cause?.code === "string" && { sqlState: cause.code, routine: cause.routine }),
    stack: frames.slice(0, 12).join("\n"),
  };
}

/**
 * CSRF: a browser always sends Origin on cross-site writes; it must be the app's own origin (APP_URL, which
 * a client cannot forge the way it can X-Forwarded-Host). Requests without Origin come from scripts (curl),
 * which carry no ambient cookies from a victim's browser.
 */
export function checkOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new Forbidden("Cross-site request refused");
  if (!origin) return;
  if (origin !== new URL(env().APP_URL).origin) throw new Forbidden("Cross-origin request refused");
}

/**
 * RFC 6266: an ASCII `filename` for old clients plus the exact name as RFC 5987 `filename*` (a header
 * value must be ISO-8859-1, so a Cyrillic or CJK username cannot go in verbatim).
 */
export function attachment(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
