import { RateLimited } from "@/lib/errors";
import { isProviderError } from "@/lib/providers/errors";

/**
 * How the worker reads a provider failure. Provider clients throw their own errors; these checks look at
 * the shape (status, retry-after, code) so the worker does not depend on each client's classes.
 */
export type Failure =
  | { kind: "rate_limited"; retryAfterMs: number }
  | { kind: "needs_reauth"; message: string }
  | { kind: "config_error"; message: string }
  | { kind: "transient"; message: string };

type Shape = {
  status?: unknown;
  code?: unknown;
  kind?: unknown;
  retryAfterSeconds?: unknown;
  retryAfterMs?: unknown;
  message?: unknown;
};

export function classify(err: unknown): Failure {
  const e = (typeof err === "object" && err !== null ? err : {}) as Shape;
  const message = typeof e.message === "string" ? e.message : String(err);
  const code = String(e.code ?? e.kind ?? "");
  if (isProviderError(err)) {
    if (err.kind === "rate_limited") {
      return { kind: "rate_limited", retryAfterMs: Math.max(1000, err.info.retryAfterMs ?? 30_000) };
    }
    if (err.kind === "auth") return { kind: "needs_reauth", message };
    if (err.kind === "config") return { kind: "config_error", message };
    return { kind: "transient", message };
  }
  if (err instanceof RateLimited) return { kind: "rate_limited", retryAfterMs: err.retryAfterSeconds * 1000 };
  if (e.status === 429 || code === "rate_limited") {
    const ms =
      typeof e.retryAfterMs === "number"
        ? e.retryAfterMs
        : typeof e.retryAfterSeconds === "number"
          ? e.retryAfterSeconds * 1000
          : 30_000;
    return { kind: "rate_limited", retryAfterMs: Math.max(1000, ms) };
  }
  if (/needs_reauth|invalid_grant|session-expired|unauthorized_reauth/.test(code)) {
    return { kind: "needs_reauth", message };
  }
  if (/config_error|premium_required|not_registered/.test(code)) return { kind: "config_error", message };
  return { kind: "transient", message };
}

/** Thrown by a processor so the worker rate-limits the whole queue instead of failing one job. */
export class QueueRateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
  }
}
