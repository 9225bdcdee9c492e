import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { playbackSessions } from "@/db/schema";
import { PLAYING_INTERVAL } from "./cadence";
import { emptyMeta } from "./state-machine";
import { loadState, META_DEVICE } from "./stored-state";
import type { ListenProvider } from "./types";

/**
 * The person was just seen to be active outside a poll: they connected or re-authorised the account, or a
 * page of ours saw their player playing. The idle cadence (cadence.ts) backs off from `lastActivityAt`, so
 * moving it here puts polling back on its quick steps: a connection that has never been seen playing would
 * otherwise be looked at every 5 minutes, and its first tracks would arrive only with recently-played.
 *
 * Rewriting the meta row changes its xmin, so a poll that read the state before this write fails its
 * compare-and-swap and redoes its step with the new time (write.ts); nothing is lost either way.
 */
export async function noteActivity(db: Db, userId: number, provider: ListenProvider, at: number) {
  const fresh = JSON.stringify({ ...emptyMeta(), lastActivityAt: at });
  await db.execute(sql`insert into ${playbackSessions} (user_id, provider, device_key, state)
    values (${userId}, ${provider}, ${META_DEVICE}, ${fresh}::jsonb)
    on conflict (user_id, provider, device_key) do update
      set state = jsonb_set(${playbackSessions.state}, '{lastActivityAt}', to_jsonb(${at}::bigint)), updated_at = now()
      where coalesce((${playbackSessions.state}->>'lastActivityAt')::bigint, 0) < ${at}`);
}

/**
 * Whether the worker is watching closely enough already: its next poll is due within the playing cadence.
 * Pages that see playback ask this first, so an open dashboard wakes the poller once, not every refresh.
 */
export async function pollIsClose(db: Db, userId: number, provider: ListenProvider, now: number) {
  const { meta } = await loadState(db, userId, provider);
  return meta?.nextDueAt != null && meta.nextDueAt - now <= PLAYING_INTERVAL;
}
