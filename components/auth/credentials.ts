/**
 * next-auth's credentials flow from the browser (CSRF token, then the callback with json=true): the sign-in
 * form and registration (which signs the new account in) share it.
 */
export type SignInResult = { ok: true } | { ok: false; retryAfterSeconds?: number };

export async function signInWithPassword(username: string, password: string): Promise<SignInResult> {
  const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
  const res = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }),
  });
  if (res.status === 429)
    return { ok: false, retryAfterSeconds: Number(res.headers.get("Retry-After") ?? 60) };
  const data = (await res.json().catch(() => ({}))) as { url?: string };
  const failed = !res.ok || !data.url || new URL(data.url, location.href).searchParams.has("error");
  return failed ? { ok: false } : { ok: true };
}
