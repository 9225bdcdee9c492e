import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { enqueueEnrich } from "@/lib/jobs/enqueue";
import type { JobsContext } from "@/lib/jobs/queues";

const BATCH = 20;

/**
 * Tracks heard live in the last day get lyrics and genres in the background when they were never enriched,
 * or when their cached lyrics result is due again (a miss after 1/7/30 days, a plain-only text after 30 days:
 * lyrics-api.md §4.3). Only those: a whole library is never fetched in bulk (§1.4); the lyrics page asks for
 * the rest.
 */
export async function sweepEnrich(db: Db, ctx: JobsContext | null): Promise<number> {
  const rows = await db.execute<{ id: number }>(sql`
    select t.id from tracks t
    where (t.enriched_at is null
           or exists (select 1 from lyrics y where y.track_id = t.id and y.retry_after <= now()))
      and t.id in (select l.track_id from listens l
                   -- the started_at bound walks the listens index instead of scanning every listen; a live
                   -- listen written today started at most ~1 day earlier (PAUSE_EXPIRY, listening-rules.md)
                   where l.started_at > now() - interval '3 days'
                     and l.origin = 'live' and l.created_at > now() - interval '1 day')
    order by random() -- a track whose job keeps failing must not hold a slot of every sweep
    limit ${BATCH}`);
  for (const r of rows) await enqueueEnrich(Number(r.id), {}, ctx);
  return rows.length;
}
