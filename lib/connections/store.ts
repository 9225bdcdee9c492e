/** Connections at rest: one row per (user, provider), tokens only as AES-256-GCM ciphertexts (lib/crypto.ts). */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, listens, type Provider, playbackSessions, users } from "@/db/schema";
import { encrypt } from "@/lib/crypto";

export type Connection = typeof connections.$inferSelect;
export type ConnectionStatus = Connection["status"];

export async function getConnection(
  db: Db,
  userId: number,
  provider: Provider,
): Promise<Connection | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.userId, userId), eq(connections.provider, provider)));
  return row;
}

/**
 * The connections the worker may use (poll, keep a socket for, call a provider with): active, of a user who
 * is not disabled. For queries that join `users` on the connection's user.
 */
export const usableConnection = () => and(eq(connections.status, "active"), isNull(users.disabledAt));

export type NewConnection = {
  userId: number;
  provider: Provider;
  externalId: string;
  externalName: string;
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date;
  scopes?: string[];
};

/** Connects or reconnects; a different external account starts its sync cursors afresh. */
export async function saveConnection(db: Db, c: NewConnection): Promise<Connection> {
  const existing = await getConnection(db, c.userId, c.provider);
  const sameAccount = existing?.externalId === c.externalId;
  const values = {
    externalId: c.externalId,
    externalName: c.externalName,
    accessTokenEnc: encrypt(c.accessToken),
    refreshTokenEnc: c.refreshToken ? encrypt(c.refreshToken) : null,
    expiresAt: c.expiresAt ?? null,
    scopes: c.scopes?.join(" ") ?? null,
    status: "active" as const,
    lastError: null,
    lastErrorAt: null,
    consentAt: new Date(),
    updatedAt: new Date(),
    ...(!sameAccount && {
      recentCursor: null,
      gap: null,
      lastSuccessAt: null,
      lastPollAt: null,
      likesWalkOffset: 0,
    }),
  };
  const [row] = await db
    .insert(connections)
    .values({ userId: c.userId, provider: c.provider, ...values })
    .onConflictDoUpdate({ target: [connections.userId, connections.provider], set: values })
    .returning();
  if (!row) throw new Error("connection upsert returned nothing");
  return row;
}

/**
 * Records what happened to a connection: its status (a needs_reauth or config_error stops polling), the
 * last error and when, the last poll and success. The one writer of these fields for web and worker.
 */
export async function markConnection(
  db: Db,
  connectionId: number,
  patch: Partial<
    Pick<
      typeof connections.$inferSelect,
      "status" | "lastError" | "lastErrorAt" | "lastPollAt" | "lastSuccessAt"
    >
  >,
): Promise<void> {
  await db
    .update(connections)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(connections.id, connectionId));
}

/** Disconnect: the row and its tokens go; listens stay unless the user asked to delete that history too. */
export async function deleteConnection(
  db: Db,
  userId: number,
  provider: Provider,
  opts: { deleteHistory?: boolean } = {},
): Promise<{ deleted: boolean; listensDeleted: number }> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(connections)
      .where(and(eq(connections.userId, userId), eq(connections.provider, provider)))
      .returning({ id: connections.id });
    await tx
      .delete(playbackSessions)
      .where(and(eq(playbackSessions.userId, userId), eq(playbackSessions.provider, provider)));
    let listensDeleted = 0;
    if (opts.deleteHistory) {
      const rows = await tx
        .delete(listens)
        .where(and(eq(listens.userId, userId), eq(listens.source, provider)))
        .returning({ id: listens.id });
      listensDeleted = rows.length;
    }
    return { deleted: gone.length > 0, listensDeleted };
  });
}
