import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { Conflict, NotFound } from "@/lib/errors";

/** Enough for every player a person owns; a cap keeps a leaked session from minting tokens without end. */
export const MAX_TOKENS_PER_USER = 20;

// 32 random bytes: guessing one is hopeless, so a fast hash is enough to keep the stored form useless.
// Share links (lib/share) make and store their tokens the same way.
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

export type TokenInfo = { id: number; name: string; created: string; last_used: string | null };

/** Creates a token and returns it once; only its hash is stored. */
export async function createToken(
  db: Db,
  p: { userId: number; name: string },
): Promise<{ id: number; name: string; token: string }> {
  return db.transaction(async (tx) => {
    // Serialises concurrent creates of one user so the cap cannot be raced past.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:api-tokens'), ${p.userId})`);
    const [n] = await tx.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, p.userId));
    if ((n?.n ?? 0) >= MAX_TOKENS_PER_USER)
      throw new Conflict(`At most ${MAX_TOKENS_PER_USER} tokens: revoke one first`, "name");
    const token = newToken("mt_");
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: p.userId, name: p.name, tokenHash: hashToken(token) })
      .returning({ id: apiTokens.id });
    return { id: row?.id as number, name: p.name, token };
  });
}

export async function listTokens(db: Db, userId: number): Promise<TokenInfo[]> {
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(asc(apiTokens.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    created: r.createdAt.toISOString(),
    last_used: r.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function revokeToken(db: Db, userId: number, id: number): Promise<{ status: "ok" }> {
  const gone = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  if (!gone.length) throw new NotFound("No such token");
  return { status: "ok" };
}

export type TokenOwner = { userId: number; username: string; tokenId: number };

/** The enabled user a token belongs to, or null; marks the token used (at most once a minute). */
export async function resolveToken(db: Db, token: string): Promise<TokenOwner | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: users.id, username: users.username })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(users.disabledAt)));
  if (!row) return null;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.tokenId),
        sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
  return row;
}
