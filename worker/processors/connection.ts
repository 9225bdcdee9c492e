import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections, users } from "@/db/schema";
import type { PollSource } from "@/lib/jobs/contract";

export type ConnectionRow = typeof connections.$inferSelect;

/** The connection a job is about, or null when it is gone, not active, or its user is disabled. */
export async function activeConnection(
  db: Db,
  userId: number,
  source: PollSource,
): Promise<ConnectionRow | null> {
  const [row] = await db
    .select({ c: connections, disabledAt: users.disabledAt })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(and(eq(connections.userId, userId), eq(connections.provider, source)))
    .limit(1);
  if (!row || row.disabledAt || row.c.status !== "active") return null;
  return row.c;
}

export async function markConnection(
  db: Db,
  id: number,
  patch: Partial<
    Pick<ConnectionRow, "status" | "lastError" | "lastErrorAt" | "lastPollAt" | "lastSuccessAt">
  >,
): Promise<void> {
  await db
    .update(connections)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(connections.id, id));
}
