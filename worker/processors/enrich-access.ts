import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Provider } from "@/db/schema";
import { connections, providerIds, users } from "@/db/schema";
import { type Connection, usableConnection } from "@/lib/connections/store";

/** Our entity's id at a provider (a track or artist heard there), or null. */
export async function externalIdOf(
  db: Db,
  provider: Provider,
  kind: "track" | "artist",
  entityId: number,
): Promise<string | null> {
  const [row] = await db
    .select({ id: providerIds.externalId })
    .from(providerIds)
    .where(
      and(eq(providerIds.provider, provider), eq(providerIds.kind, kind), eq(providerIds.entityId, entityId)),
    )
    .limit(1);
  return row?.id ?? null;
}

/**
 * Enrichment calls a provider with a user's token only on behalf of a user who heard or liked the track:
 * the active connection of such a user, or null. Nobody's token is used for a stranger's music.
 */
export async function listenerConnection(
  db: Db,
  trackId: number,
  provider: Provider,
): Promise<Connection | null> {
  const [row] = await db
    .select({ c: connections })
    .from(connections)
    .innerJoin(users, eq(users.id, connections.userId))
    .where(
      and(
        eq(connections.provider, provider),
        usableConnection(),
        sql`(exists (select 1 from listens l where l.user_id = ${connections.userId} and l.track_id = ${trackId})
          or exists (select 1 from likes k where k.user_id = ${connections.userId} and k.track_id = ${trackId}))`,
      ),
    )
    .limit(1);
  return row?.c ?? null;
}
