/** Typed errors thrown by lib/ and handlers; lib/http.ts maps each to its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, field?: string, code?: string) {
    super(400, message, { ...(field && { field }), ...(code && { code }) });
  }
}
export class Unauthorized extends HttpError {
  constructor(message = "Authentication required") {
    super(401, message);
  }
}
export class Forbidden extends HttpError {
  constructor(message = "Not allowed") {
    super(403, message);
  }
}
export class NotFound extends HttpError {
  constructor(message = "Not found") {
    super(404, message);
  }
}
export class Conflict extends HttpError {
  constructor(message: string, field?: string) {
    super(409, message, field ? { field } : {});
  }
}
export class RateLimited extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}
