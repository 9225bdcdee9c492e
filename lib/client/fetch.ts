/*
 * The browser's one way to call our API: JSON in and out, the server's error shape (lib/http.ts: message,
 * field, code, requestId) as one error type, and an expired session sending the reader to sign in rather
 * than parsing a login page. Response types come from the server functions (Awaited<ReturnType<…>>), never
 * re-declared in components.
 */

/** An API answer other than 2xx: its status and, for a 400, the failing field and rule code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
    readonly field?: string,
    readonly code?: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/**
 * A server value as the browser receives it (JSON.stringify → JSON.parse): a Date arrives as its ISO
 * string. Components type an answer as `Json<…>` of the server function's own return type.
 */
export type Json<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

/** The answer of a route handler that returns `fn(…)`: `ApiResult<typeof listAudit>`. */
export type ApiResult<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

export type QueryParams = Record<string, string | number | boolean | undefined | null>;

/** "/api/x?a=1" from the defined, non-empty params only. */
export function withQuery(path: string, params: QueryParams = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes("?") ? "&" : "?"}${s}` : path;
}

export type ApiInit = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  params?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** On 401, go to /login and come back (default); a sign-in form of its own says false. */
  redirectOn401?: boolean;
};

export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const res = await fetch(withQuery(path, init.params), {
    method: init.method ?? "GET",
    signal: init.signal,
    headers: {
      accept: "application/json",
      ...(init.body !== undefined && { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 401 && init.redirectOn401 !== false && typeof window !== "undefined") {
    window.location.href = `/login?next=${encodeURIComponent(window.location.pathname)}`;
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const text = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : undefined);
    throw new ApiError(
      res.status,
      text("message") ?? res.statusText,
      text("field"),
      text("code"),
      text("requestId"),
    );
  }
  return data as T;
}
