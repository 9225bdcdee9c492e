import { randomUUID } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { ZodError, type z } from "zod";
import { getDb, type RootDb } from "@/db/client";
import { requireUser, type SessionUser } from "./auth";
import { Forbidden, HttpError, RateLimited } from "./errors";
import { log } from "./log";

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
      const query = options.query
        ? (options.query as Schema).parse(Object.fromEntries(req.nextUrl.searchParams))
        : undefined;
      const body = options.body ? (options.body as Schema).parse(await readJson(req)) : undefined;
      const params = options.params ? (options.params as Schema).parse(await segment.params) : undefined;
      const result = await handler({ req, user, query, body, params, db: getDb() } as Context<Q, B, P, A>);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function json(data: unknown, status = 200, headers?: HeadersInit): NextResponse {
  return NextResponse.json(data, { status, headers });
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
  log.error("request failed", {
    requestId,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
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
 * CSRF: a browser always sends Origin on cross-site writes; it must be our own host. Requests without
 * Origin come from scripts (curl), which carry no ambient cookies from a victim's browser.
 */
export function checkOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new Forbidden("Cross-site request refused");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new Forbidden("Bad Origin header");
  }
  if (originHost !== host) throw new Forbidden("Cross-origin request refused");
}
