import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { getDb, type RootDb } from "@/db/client";
import { consume } from "@/lib/accounts/limits";
import { resolveToken, type TokenOwner } from "@/lib/api-tokens/tokens";
import { RateLimited } from "@/lib/errors";
import { describeError } from "@/lib/http";
import { log } from "@/lib/log";
import { LbError } from "./errors";

// Players in browsers (Web Scrobbler) call from their own origin; the token, not a cookie, authorises, so
// any origin may call, as on listenbrainz.org.
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "Authorization, Content-Type",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-expose-headers":
    "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset-In, X-RateLimit-Reset, Retry-After",
};

export function lbJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { ...CORS, "cache-control": "no-store", ...headers } });
}

export const preflight = async () => new Response(null, { status: 204, headers: CORS });

/** `Authorization: Token <token>` (ListenBrainz's scheme; `Bearer` accepted too). */
export function tokenOf(req: NextRequest): string | null {
  const m = /^\s*(?:Token|Bearer)\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m?.[1] ?? null;
}

type Ctx = { req: NextRequest; db: RootDb; owner: TokenOwner; params: Record<string, string> };

/**
 * The /1/ wrapper: the token's owner (401 in ListenBrainz's words without one), the per-user rate limit,
 * and every error as ListenBrainz's `{code, error}`.
 */
export function lbRoute(handler: (ctx: Ctx) => Promise<unknown>) {
  return async (req: NextRequest, segment: { params: Promise<Record<string, string>> }) => {
    try {
      const token = tokenOf(req);
      if (!token) throw new LbError(401, "You need to provide an Authorization header.");
      const db = getDb();
      const owner = await resolveToken(db, token);
      if (!owner) throw new LbError(401, "Invalid authorization token.");
      const limit = await consume(["listenbrainz", String(owner.userId)]);
      const result = await handler({ req, db, owner, params: await segment.params });
      const res = result instanceof Response ? result : lbJson(result);
      // ListenBrainz's pacing headers: its client libraries wait by them instead of running into 429s.
      if (limit) {
        const resetIn = Math.max(1, Math.ceil(limit.resetMs / 1000));
        res.headers.set("x-ratelimit-limit", String(limit.limit));
        res.headers.set("x-ratelimit-remaining", String(limit.remaining));
        res.headers.set("x-ratelimit-reset-in", String(resetIn));
        res.headers.set("x-ratelimit-reset", String(Math.ceil(Date.now() / 1000) + resetIn));
      }
      return res;
    } catch (err) {
      return lbError(err);
    }
  };
}

export function lbError(err: unknown): Response {
  if (err instanceof LbError) return lbJson({ code: err.code, error: err.message }, err.code, err.headers);
  if (err instanceof RateLimited) {
    const s = String(err.retryAfterSeconds);
    return lbJson({ code: 429, error: err.message }, 429, { "retry-after": s, "x-ratelimit-reset-in": s });
  }
  const requestId = randomUUID();
  log.error("listenbrainz api request failed", { requestId, ...describeError(err) });
  return lbJson({ code: 500, error: "Internal error", requestId }, 500);
}

/** The body as text, refusing more than `max` bytes (as ListenBrainz counts) without reading the rest. */
export async function readBounded(req: NextRequest, max: number): Promise<string> {
  const tooLarge = () =>
    new LbError(
      400,
      `JSON document is too large. In aggregate, listens may not be larger than ${max} bytes.`,
    );
  if (Number(req.headers.get("content-length") ?? 0) > max) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
