import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { enqueueEnrich } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";

const BATCH = 20;

/**
 * Tracks heard live in the last day and never enriched get lyrics and genres in the background. Only
 * those: a whole library is never fetched in bulk (lyrics-api.md §1.4); the lyrics page asks for the rest.
 */
export async function sweepEnrich(db: Db, ctx: JobsContext | null): Promise<number> {
  const rows = await db.execute<{ id: number }>(sql`
    select t.id from tracks t
    where t.enriched_at is null
      and exists (select 1 from listens l where l.track_id = t.id and l.origin = 'live'
                  and l.created_at > now() - interval '1 day')
    limit ${BATCH}`);
  for (const r of rows) await enqueueEnrich(Number(r.id), {}, ctx);
  return rows.length;
}
