import type { Provider } from "@/db/schema";
import { enqueueSyncLikes, schedulePolling, unschedulePolling } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";

// Connect and disconnect act on the job schedule at once; should Redis hiccup, the worker's periodic
// re-sync of schedulers (worker/schedules.ts) catches up within a minute, so the user's action still succeeds.

export async function startPolling(userId: number, provider: Provider): Promise<void> {
  try {
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
