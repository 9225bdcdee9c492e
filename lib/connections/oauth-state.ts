/**
 * OAuth `state`: random, single-use, bound to the signed-in user, expiring after 10 minutes, carrying the
 * PKCE verifier (encrypted). Consuming is one DELETE … RETURNING, so a state can never be used twice.
 */

import { randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type OAuthProvider, oauthStates } from "@/db/schema";
import { decrypt, encrypt } from "@/lib/crypto";

const TTL_MS = 10 * 60_000;

export async function createOAuthState(
  db: Db,
  userId: number,
  provider: OAuthProvider,
  verifier: string,
): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db
    .delete(oauthStates)
    .where(and(eq(oauthStates.userId, userId), lt(oauthStates.expiresAt, new Date())));
  await db.insert(oauthStates).values({
    state,
    userId,
    provider,
    codeVerifierEnc: encrypt(verifier),
    expiresAt: new Date(Date.now() + TTL_MS),
  });
  return state;
}

export type ConsumedState =
  | { ok: true; verifier: string }
  | { ok: false; reason: "missing" | "unknown" | "expired" };

/** Unknown covers reused, forged and another user's state alike: none of them may reveal which it was. */
export async function consumeOAuthState(
  db: Db,
  userId: number,
  provider: OAuthProvider,
  state: string | null | undefined,
): Promise<ConsumedState> {
  if (!state) return { ok: false, reason: "missing" };
  const [row] = await db
    .delete(oauthStates)
    .where(
      and(eq(oauthStates.state, state), eq(oauthStates.userId, userId), eq(oauthStates.provider, provider)),
    )
    .returning();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.expiresAt.getTime() < Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, verifier: decrypt(row.codeVerifierEnc) };
}
