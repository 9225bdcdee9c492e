/**
 * One error type for every provider adapter, keyed by what the caller must do, never by message text:
 *   auth        the token is rejected for good → connection needs_reauth
 *   config      the app/account is misconfigured (403 allow-list, no Premium, bad client) → config_error, no retry
 *   rate_limited  back off until `retryAfterMs` (Spotify quota, Yandex captcha)
 *   transient   network, timeout, 5xx, malformed body → retry later
 *   invalid     our request was wrong (bug or bad input) → do not retry
 *   not_found   the object does not exist → cache the miss
 */
export type ProviderName = "spotify" | "yandex";
export type ProviderErrorKind = "auth" | "config" | "rate_limited" | "transient" | "invalid" | "not_found";

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly info: { status?: number; retryAfterMs?: number; reason?: string } = {},
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export function isProviderError(err: unknown, kind?: ProviderErrorKind): err is ProviderError {
  return err instanceof ProviderError && (kind === undefined || err.kind === kind);
}
