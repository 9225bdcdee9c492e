import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";

/**
 * GET /api/user/services: connected providers, yandex before spotify, and the default (seed-app-contract
 * §2.1), plus each connection's status, account name and last sync (never a token).
 */
export async function getUserServices(db: Db, userId: number) {
  const rows = await db
    .select({
      provider: connections.provider,
      status: connections.status,
      externalName: connections.externalName,
      lastSuccessAt: connections.lastSuccessAt,
      consentAt: connections.consentAt,
      lastError: connections.lastError,
    })
    .from(connections)
    .where(eq(connections.userId, userId));
  const services = (["yandex", "spotify"] as const).filter((p) => rows.some((r) => r.provider === p));
  const details = services.map((p) => {
    const r = rows.find((x) => x.provider === p);
    return {
      provider: p,
      status: r?.status ?? "active",
      account_name: r?.externalName ?? null,
      last_sync: r?.lastSuccessAt?.toISOString() ?? null,
      connected_at: r?.consentAt?.toISOString() ?? null,
    };
  });
  return { services, default: services[0] ?? null, connections: details };
}
