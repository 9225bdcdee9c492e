/**
 * How a target answered, in the outbox's terms. `auth` pauses the target (a revoked token or session never
 * heals by retrying); `rate_limited` waits exactly as long as the target asked; `transient` backs off
 * exponentially; `rejected` is a payload the target will never take (it is dropped, with the reason kept).
 */
export type OutboxFailure = "auth" | "rate_limited" | "transient" | "rejected";

export class OutboxError extends Error {
  constructor(
    readonly kind: OutboxFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "OutboxError";
  }
}

/** Network failures and timeouts are transient; anything else is a bug and is rethrown as is. */
export async function send(url: string, init: RequestInit, timeoutMs = 30_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new OutboxError("transient", `network: ${err instanceof Error ? err.message : String(err)}`);
  }
}
