import type { Db } from "@/db/client";
import type { Provider } from "@/db/schema";
import { POLL_DEFAULT_MS } from "@/lib/jobs/contract";
import { enqueueSyncLikes, schedulePolling, unschedulePolling } from "@/lib/jobs/enqueue";
import { noteActivity, pollIsClose } from "@/lib/listening/activity";
import { log } from "@/lib/log";

// Connect and disconnect act on the job schedule at once; should Redis hiccup, the worker's periodic
// re-sync of schedulers (worker/schedules.ts) catches up within a minute, so the user's action still succeeds.

/** After connecting or re-authorising: poll now, and closely for a while (the person is at the screen). */
export async function startPolling(db: Db, userId: number, provider: Provider): Promise<void> {
  try {
    await noteActivity(db, userId, provider, Date.now());
    await schedulePolling({ userId, provider }, { immediately: true });
    await enqueueSyncLikes(provider, userId);
  } catch (err) {
    log.warn("could not schedule polling; the worker will pick it up", {
      userId,
      provider,
      error: String(err),
    });
  }
}

export async function stopPolling(userId: number, provider: Provider): Promise<void> {
  try {
    await unschedulePolling({ userId, provider });
  } catch (err) {
    log.warn("could not unschedule polling; the worker will drop it", {
      userId,
      provider,
      error: String(err),
    });
  }
}

/**
 * A page saw the player playing while the worker looks only every few minutes (an idle stretch, a long
 * pause): poll now and on the quick cadence, so the scrobbler follows from the first track.
 */
export async function wakePolling(db: Db, userId: number, provider: Provider): Promise<void> {
  try {
    const now = Date.now();
    if (await pollIsClose(db, userId, provider, now)) return;
    await noteActivity(db, userId, provider, now);
    await schedulePolling({ userId, provider }, { everyMs: POLL_DEFAULT_MS, immediately: true });
  } catch (err) {
    log.warn("could not wake polling", { userId, provider, error: String(err) });
  }
}
