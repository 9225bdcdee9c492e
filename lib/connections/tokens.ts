/**
 * Access tokens for provider calls. Spotify tokens are refreshed about 5 minutes before expiry, ONE refresh
 * at a time per connection across all processes: the refresh runs inside a transaction holding the row lock
 * (SELECT … FOR UPDATE), and whoever waited re-reads the row and finds a fresh token instead of refreshing
 * again. With PKCE the refresh token rotates, so a second concurrent refresh would use a dead token.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";
import { decrypt, encrypt } from "@/lib/crypto";
import { log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/errors";
import type { TokenSource } from "@/lib/providers/spotify/client";
import { refreshTokens } from "@/lib/providers/spotify/oauth";
import type { Connection } from "./store";

export const REFRESH_MARGIN_MS = 5 * 60_000;

// In-process de-duplication on top of the row lock, so parallel callers share one transaction.
const inflight = new Map<number, Promise<string>>();

function fresh(c: Pick<Connection, "expiresAt">): boolean {
  return !c.expiresAt || c.expiresAt.getTime() - REFRESH_MARGIN_MS > Date.now();
}

/**
 * A valid access token for the connection. `force` after a 401: refresh unless the stored token already
 * differs from `staleToken` (another caller refreshed meanwhile).
 */
export async function getAccessToken(
  db: Db,
  conn: Connection,
  opts: { force?: boolean; staleToken?: string } = {},
): Promise<string> {
  if (conn.status === "needs_reauth")
    throw new ProviderError(conn.provider, "auth", "connection needs re-authorisation");
  if (conn.provider !== "spotify" || (!opts.force && fresh(conn))) return decrypted(conn);
  const running = inflight.get(conn.id);
  if (running) return running;
  const stale = opts.force ? (opts.staleToken ?? decrypt(conn.accessTokenEnc)) : undefined;
  const p = refreshLocked(db, conn.id, stale).finally(() => inflight.delete(conn.id));
  inflight.set(conn.id, p);
  return p;
}

// A poll decrypts its connection's token every 10 s while it changes hourly: keep the last one per connection.
const plain = new Map<number, { enc: string; token: string }>();
const PLAIN_MAX = 50_000;

function decrypted(conn: Pick<Connection, "id" | "accessTokenEnc">): string {
  const hit = plain.get(conn.id);
  if (hit?.enc === conn.accessTokenEnc) return hit.token;
  const token = decrypt(conn.accessTokenEnc);
  if (plain.size >= PLAIN_MAX) plain.clear();
  plain.set(conn.id, { enc: conn.accessTokenEnc, token });
  return token;
}

/** A TokenSource for SpotifyClient: the connection's token, refreshed ahead of expiry or after a 401. */
export function tokenSource(db: Db, conn: Connection): TokenSource {
  let token: string | undefined;
  return {
    get: async () => {
      token ??= await getAccessToken(db, conn);
      return token;
    },
    refresh: async () => {
      token = await getAccessToken(db, conn, { force: true, staleToken: token });
      return token;
    },
  };
}

type Outcome = { token: string } | { error: ProviderError };

export async function refreshLocked(
  db: Db,
  connectionId: number,
  staleToken: string | undefined,
): Promise<string> {
  const outcome: Outcome = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(connections).where(eq(connections.id, connectionId)).for("update");
    if (!row) return { error: new ProviderError("spotify", "auth", "connection no longer exists") };
    if (row.status === "needs_reauth")
      return { error: new ProviderError("spotify", "auth", "needs re-authorisation") };
    // Someone else refreshed while we waited for the lock.
    if (fresh(row) && (staleToken === undefined || decrypt(row.accessTokenEnc) !== staleToken)) {
      return { token: decrypt(row.accessTokenEnc) };
    }
    if (!row.refreshTokenEnc) {
      await tx
        .update(connections)
        .set(failure("needs_reauth", "no refresh token"))
        .where(eq(connections.id, row.id));
      return { error: new ProviderError("spotify", "auth", "no refresh token") };
    }
    try {
      const t = await refreshTokens(decrypt(row.refreshTokenEnc));
      await tx
        .update(connections)
        .set({
          accessTokenEnc: encrypt(t.accessToken),
          // No refresh_token in the reply: keep the old one (spotify-api.md §2.4).
          ...(t.refreshToken && { refreshTokenEnc: encrypt(t.refreshToken) }),
          expiresAt: t.expiresAt,
          ...(t.scopes.length > 0 && { scopes: t.scopes.join(" ") }),
          status: "active",
          lastError: null,
          updatedAt: new Date(),
        })
        .where(eq(connections.id, row.id));
      return { token: t.accessToken };
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.kind === "auth") {
        await tx
          .update(connections)
          .set(failure("needs_reauth", err.message))
          .where(eq(connections.id, row.id));
        log.warn("spotify refresh token rejected", { connectionId: row.id, reason: err.info.reason });
      } else if (err.kind === "config") {
        await tx
          .update(connections)
          .set(failure("config_error", err.message))
          .where(eq(connections.id, row.id));
      }
      return { error: err };
    }
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.token;
}

function failure(status: "needs_reauth" | "config_error", message: string) {
  return { status, lastError: message, lastErrorAt: new Date(), updatedAt: new Date() };
}
