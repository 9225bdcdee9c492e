import { randomInt } from "node:crypto";
import { TestClient } from "@/test/helpers/client";

/**
 * The suite's app trusts loopback proxies (test/global-setup.ts), so a test picks the client address of
 * each request with X-Forwarded-For, as the reverse proxy in front of a real instance would set it.
 */
export function randomAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export async function csrfToken(client: TestClient, address?: string): Promise<string> {
  const res = await client.fetch("/api/auth/csrf", {
    headers: address ? { "x-forwarded-for": address } : {},
  });
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** One sign-in attempt: next-auth's form post (as the login page sends it) or the same fields as JSON. */
export async function attemptSignIn(
  client: TestClient,
  username: string,
  password: string,
  opts: { address?: string; as?: "form" | "json"; headers?: Record<string, string> } = {},
): Promise<Response> {
  const token = await csrfToken(client, opts.address);
  const fields = { csrfToken: token, username, password, json: "true" };
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.address) headers["x-forwarded-for"] = opts.address;
  if (opts.as === "json") {
    headers["content-type"] = "application/json";
    return client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers,
      body: JSON.stringify(fields),
    });
  }
  headers["content-type"] = "application/x-www-form-urlencoded";
  return client.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers,
    body: new URLSearchParams(fields),
  });
}

export const WRONG = "Wrong-Password-1";

/** next-auth's sign-out as the app's menu sends it (with the CSRF token). */
export async function signOut(client: TestClient): Promise<Response> {
  const token = await csrfToken(client);
  return client.fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: token, json: "true" }),
  });
}

/** A second client holding a copy of the first one's cookies: a stolen session token. */
export function copyOf(client: TestClient): TestClient {
  const copy = new TestClient();
  for (const [k, v] of (client as unknown as { cookies: Map<string, string> }).cookies)
    (copy as unknown as { cookies: Map<string, string> }).cookies.set(k, v);
  return copy;
}
