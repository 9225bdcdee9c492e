/** Spotify OAuth 2.0: authorization code with PKCE (S256), token exchange and refresh (spotify-api.md §2). */
import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { ProviderError } from "../errors";
import { oauthError, tokenResponse } from "./schemas";

/** What the scrobbler, likes and now playing need, and no more (§3). */
export const SPOTIFY_SCOPES = [
  "user-read-playback-state",
  "user-read-currently-playing",
  "user-read-recently-played",
  "user-library-read",
];

export type TokenSet = { accessToken: string; refreshToken?: string; expiresAt: Date; scopes: string[] };

export function redirectUri(): string {
  return `${env().APP_URL}/spotify/callback`;
}

/** A 64-character verifier from the unreserved set and its S256 challenge. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function clientId(): string {
  const id = env().SPOTIFY_CLIENT_ID;
  if (!id) throw new ProviderError("spotify", "config", "SPOTIFY_CLIENT_ID is not set");
  return id;
}

export function authorizeUrl(opts: { state: string; challenge: string }): string {
  const url = new URL(`${env().SPOTIFY_ACCOUNTS_URL.replace(/\/$/, "")}/authorize`);
  url.search = new URLSearchParams({
    client_id: clientId(),
    response_type: "code",
    redirect_uri: redirectUri(),
    state: opts.state,
    scope: SPOTIFY_SCOPES.join(" "),
    code_challenge_method: "S256",
    code_challenge: opts.challenge,
    show_dialog: "true",
  }).toString();
  return url.toString();
}

export function exchangeCode(code: string, verifier: string): Promise<TokenSet> {
  return tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri(),
    code_verifier: verifier,
  });
}

export function refreshTokens(refreshToken: string): Promise<TokenSet> {
  return tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken });
}

async function tokenRequest(form: Record<string, string>): Promise<TokenSet> {
  const { SPOTIFY_CLIENT_SECRET: secret, SPOTIFY_ACCOUNTS_URL: base } = env();
  const id = clientId();
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  // PKCE sends client_id; a confidential client (secret configured) authenticates with Basic as well.
  if (secret) headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  let res: Response;
  try {
    res = await fetch(`${base.replace(/\/$/, "")}/api/token`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ ...form, client_id: id }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ProviderError("spotify", "transient", `token endpoint unreachable: ${(err as Error).name}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError("spotify", "transient", `token endpoint answered ${res.status} without JSON`, {
      status: res.status,
    });
  }
  if (res.ok) {
    const t = tokenResponse.safeParse(body);
    if (!t.success) throw new ProviderError("spotify", "transient", "unexpected token response");
    return {
      accessToken: t.data.access_token,
      refreshToken: t.data.refresh_token,
      expiresAt: new Date(Date.now() + t.data.expires_in * 1000),
      scopes: (t.data.scope ?? "").split(" ").filter(Boolean),
    };
  }
  const e = oauthError.safeParse(body);
  const code = e.success ? e.data.error : "unknown";
  // Decisions key on `error`, never on error_description (§2.5).
  if (code === "invalid_grant")
    throw new ProviderError("spotify", "auth", "authorization is no longer valid", {
      status: res.status,
      reason: code,
    });
  if (code === "invalid_client")
    throw new ProviderError("spotify", "config", "Spotify rejected the client credentials", {
      status: res.status,
      reason: code,
    });
  if (res.status === 429) {
    const s = Number(res.headers.get("retry-after"));
    throw new ProviderError("spotify", "rate_limited", "token endpoint rate limited", {
      status: 429,
      retryAfterMs: (Number.isFinite(s) && s > 0 ? s : 5) * 1000,
    });
  }
  const kind = res.status >= 500 ? "transient" : "invalid";
  throw new ProviderError("spotify", kind, `token endpoint error ${code}`, {
    status: res.status,
    reason: code,
  });
}
