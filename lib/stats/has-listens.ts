import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rows } from "./sources";

/** Whether the user has any listen at all (decides between the dashboard and its empty invitation). */
export async function hasListens(db: Db, userId: number): Promise<boolean> {
  const [row] = await rows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from listens where user_id = ${userId}) as any`,
  );
  return Boolean(row?.any);
}
