/** The fake Spotify accounts service: /authorize, /api/token, and the bearer-token registry (spotify-api.md §2). */
import { createHash, randomBytes } from "node:crypto";
import type http from "node:http";
import { json, type Reply } from "./server";
import { consentPage, errorPage } from "./spotify-pages";

type AccessToken = { user: string; expiresAt: number; scopes: string[] };
type RefreshToken = { user: string; consentAt: number; scopes: string[]; dead: boolean };
type Code = {
  user: string;
  redirectUri: string;
  challenge: string;
  scopes: string[];
  used: boolean;
  expiresAt: number;
};

const SIX_MONTHS = 182 * 24 * 3600_000;

/** What the accounts service needs to know about users, supplied by FakeSpotify. */
export type UserDirectory = {
  ensure(id: string): void;
  scopes(id: string): string[] | undefined;
  refreshMode(id: string): "rotate" | "omit";
};

export class FakeSpotifyAccounts {
  readonly access = new Map<string, AccessToken>();
  readonly refresh = new Map<string, RefreshToken>();
  private codes = new Map<string, Code>();

  constructor(
    readonly opts: { clientId: string; clientSecret?: string; redirectUris?: string[] },
    private users: UserDirectory,
  ) {}

  expireAccessTokens(userId: string): void {
    for (const t of this.access.values()) if (t.user === userId) t.expiresAt = 0;
  }
  revokeRefreshTokens(userId: string): void {
    for (const t of this.refresh.values()) if (t.user === userId) t.dead = true;
  }
  ageRefreshTokens(userId: string, ms: number): void {
    for (const t of this.refresh.values()) if (t.user === userId) t.consentAt -= ms;
  }

  bearer(header: string | undefined): { user: string; scopes: string[] } | { reply: Reply } {
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (!token) return { reply: apiError(401, "No token provided") };
    const t = this.access.get(token);
    if (!t) return { reply: apiError(401, "Invalid access token") };
    if (t.expiresAt <= Date.now()) return { reply: apiError(401, "The access token expired") };
    return { user: t.user, scopes: t.scopes };
  }

  authorize(url: URL): Reply {
    const p = url.searchParams;
    if (p.get("client_id") !== this.opts.clientId) return errorPage("INVALID_CLIENT: Invalid client");
    const redirect = p.get("redirect_uri") ?? "";
    if (!this.redirectAllowed(redirect)) return errorPage("INVALID_CLIENT: Invalid redirect URI");
    if (p.get("response_type") !== "code") return errorPage("unsupported_response_type");
    if (p.get("code_challenge_method") !== "S256" || !p.get("code_challenge"))
      return errorPage("code_challenge_method must be S256 with a code_challenge");
    const userId = p.get("fake_user");
    if (!userId) return consentPage(url);
    const back = new URL(redirect);
    const state = p.get("state");
    if (p.get("fake_action") === "deny") {
      back.searchParams.set("error", "access_denied");
      if (state !== null) back.searchParams.set("state", state);
      return { status: 302, headers: { location: back.toString() } };
    }
    this.users.ensure(userId);
    const requested = (p.get("scope") ?? "").split(" ").filter(Boolean);
    const limit = p.get("fake_scopes")?.split(" ") ?? this.users.scopes(userId);
    const code = `AQD${randomBytes(24).toString("base64url")}`;
    this.codes.set(code, {
      user: userId,
      redirectUri: redirect,
      challenge: p.get("code_challenge") ?? "",
      scopes: limit ? requested.filter((s) => limit.includes(s)) : requested,
      used: false,
      expiresAt: Date.now() + 10 * 60_000,
    });
    back.searchParams.set("code", code);
    if (state !== null) back.searchParams.set("state", state);
    return { status: 302, headers: { location: back.toString() } };
  }

  private redirectAllowed(uri: string): boolean {
    let u: URL;
    try {
      u = new URL(uri);
    } catch {
      return false;
    }
    if (u.hostname === "localhost") return false;
    const registered = this.opts.redirectUris ?? ["http://127.0.0.1/spotify/callback"];
    return registered.some((r) => {
      const reg = new URL(r);
      const loopback = reg.hostname === "127.0.0.1" || reg.hostname === "[::1]";
      if (loopback && reg.port === "") {
        return reg.protocol === u.protocol && reg.hostname === u.hostname && reg.pathname === u.pathname;
      }
      return r === uri;
    });
  }

  token(req: http.IncomingMessage, body: string): Reply {
    if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"))
      return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    const form = new URLSearchParams(body);
    const basic = req.headers.authorization?.startsWith("Basic ")
      ? Buffer.from(req.headers.authorization.slice(6), "base64").toString("utf8").split(":")
      : undefined;
    const clientId = basic?.[0] ?? form.get("client_id");
    if (clientId !== this.opts.clientId) return oauthError(400, "invalid_client", "Invalid client");
    if (basic && basic[1] !== this.opts.clientSecret)
      return oauthError(400, "invalid_client", "Invalid client secret");
    const grant = form.get("grant_type");
    if (grant === "authorization_code") return this.exchange(form, Boolean(basic));
    if (grant === "refresh_token") return this.refreshGrant(form);
    return oauthError(
      400,
      "unsupported_grant_type",
      `grant_type must be authorization_code or refresh_token`,
    );
  }

  private exchange(form: URLSearchParams, confidential: boolean): Reply {
    const code = this.codes.get(form.get("code") ?? "");
    if (!code || code.used || code.expiresAt < Date.now())
      return oauthError(400, "invalid_grant", "Invalid authorization code");
    code.used = true;
    if (form.get("redirect_uri") !== code.redirectUri)
      return oauthError(400, "invalid_grant", "Invalid redirect URI");
    const verifier = form.get("code_verifier");
    if (verifier !== null || !confidential) {
      const computed = createHash("sha256")
        .update(verifier ?? "")
        .digest("base64url");
      if (!verifier || computed !== code.challenge)
        return oauthError(400, "invalid_grant", "code_verifier was incorrect");
    }
    const refresh = this.issueRefresh(code.user, code.scopes, Date.now());
    return json(200, { ...this.issueAccess(code.user, code.scopes), refresh_token: refresh });
  }

  private refreshGrant(form: URLSearchParams): Reply {
    const old = form.get("refresh_token") ?? "";
    const r = this.refresh.get(old);
    if (!r || r.dead || r.consentAt + SIX_MONTHS < Date.now())
      return oauthError(400, "invalid_grant", "Refresh token revoked");
    const body: Record<string, unknown> = this.issueAccess(r.user, r.scopes);
    if (this.users.refreshMode(r.user) === "rotate") {
      r.dead = true;
      body.refresh_token = this.issueRefresh(r.user, r.scopes, r.consentAt);
    }
    return json(200, body);
  }

  private issueAccess(user: string, scopes: string[]) {
    const token = `BQ${randomBytes(24).toString("base64url")}`;
    this.access.set(token, { user, scopes, expiresAt: Date.now() + 3600_000 });
    return { access_token: token, token_type: "Bearer", scope: scopes.join(" "), expires_in: 3600 };
  }

  private issueRefresh(user: string, scopes: string[], consentAt: number): string {
    const token = `AQC${randomBytes(24).toString("base64url")}`;
    this.refresh.set(token, { user, scopes, consentAt, dead: false });
    return token;
  }
}

export function apiError(status: number, message: string): Reply {
  return json(status, { error: { status, message } });
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}
