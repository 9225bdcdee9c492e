import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/** Active targets with something to send whose retry time (if any) has come: what the sweep delivers. */
export async function dueTargets(db: Db): Promise<number[]> {
  const rows = (await db.execute(sql`
    select t.id from outbox_targets t
    where t.status = 'active' and (t.retry_at is null or t.retry_at <= now())
      and exists (select 1 from outbox_items i where i.target_id = t.id and i.sent_at is null)
    order by t.id`)) as unknown as { id: number }[];
  return rows.map((r) => r.id);
}
