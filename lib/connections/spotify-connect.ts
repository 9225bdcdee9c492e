/** Connecting Spotify: start the PKCE flow, then finish it from the callback (spotify-api.md §2). */
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/errors";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import { authorizeUrl, createPkce, exchangeCode } from "@/lib/providers/spotify/oauth";
import { consumeOAuthState, createOAuthState } from "./oauth-state";
import { startPolling } from "./polling";
import { saveConnection } from "./store";

export async function startSpotifyConnect(db: Db, userId: number): Promise<string> {
  const { verifier, challenge } = createPkce();
  const state = await createOAuthState(db, userId, "spotify", verifier);
  return authorizeUrl({ state, challenge });
}

/** Codes the settings page turns into a message (messages/*\/providers.json → connections.notice.*). */
export type ConnectOutcome =
  | { ok: true }
  | { ok: false; code: "state" | "denied" | "exchange" | "not_allowed" | "config" | "unavailable" };

export async function finishSpotifyConnect(
  db: Db,
  userId: number,
  params: { code?: string | null; state?: string | null; error?: string | null },
): Promise<ConnectOutcome> {
  // The state is checked before anything else, whatever else the callback carries.
  const consumed = await consumeOAuthState(db, userId, "spotify", params.state);
  if (!consumed.ok) {
    log.warn("spotify callback rejected", { userId, reason: consumed.reason });
    return { ok: false, code: "state" };
  }
  if (params.error || !params.code) return { ok: false, code: "denied" };
  try {
    const tokens = await exchangeCode(params.code, consumed.verifier);
    const client = new SpotifyClient({
      get: async () => tokens.accessToken,
      refresh: async () => tokens.accessToken,
    });
    const me = await client.me();
    await saveConnection(db, {
      userId,
      provider: "spotify",
      externalId: me.accountId,
      externalName: me.name,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
    });
    await startPolling(db, userId, "spotify");
    return { ok: true };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    log.warn("spotify connect failed", {
      userId,
      kind: err.kind,
      status: err.info.status,
      reason: err.info.reason,
    });
    if (err.kind === "config" && err.info.status === 403) return { ok: false, code: "not_allowed" };
    if (err.kind === "config") return { ok: false, code: "config" };
    if (err.kind === "transient" || err.kind === "rate_limited") return { ok: false, code: "unavailable" };
    return { ok: false, code: "exchange" };
  }
}
