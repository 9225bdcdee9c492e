import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { connections } from "@/db/schema";

/** GET /api/user/services: connected providers, yandex before spotify, and the default (seed-app-contract §2.1). */
export async function getUserServices(db: Db, userId: number) {
  const rows = await db
    .select({ provider: connections.provider })
    .from(connections)
    .where(eq(connections.userId, userId));
  const services = (["yandex", "spotify"] as const).filter((p) => rows.some((r) => r.provider === p));
  return { services, default: services[0] ?? null };
}
