/**
 * Cooperative yielding for long CPU loops that may share the web server's event loop (an import without
 * Redis runs in the web process): a loop calls `breathe()` often and gives requests their turn once it has
 * held the loop for BUDGET_MS. Cheap when it does not yield (one clock read), so hot loops that are usually
 * short (a live poll's handful of tracks) pay nothing noticeable.
 */

// Health checks and the dashboard wait at most this long behind one stretch of import work: each of a
// dashboard's query replies may wait once (bench:import, no Redis, load 7–11: dashboard p95 1.7–2.9× / 2.1–3.4× idle
// for the importing / another user with 10 ms, 2.1–4.0× / 2.3–7.8× with 20 ms and the old 4-connection pool).
const BUDGET_MS = 10;
let since = performance.now();

/** Gives the event loop a turn now (timers, sockets, requests), then restarts the budget. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) =>
    setImmediate(() => {
      since = performance.now();
      resolve();
    }),
  );
}

/** True once the current stretch has held the loop longer than its budget. */
export const overBudget = (): boolean => performance.now() - since > BUDGET_MS;

/** Yields if the budget is spent; call it every few dozen items of a loop. */
export async function breathe(): Promise<void> {
  if (overBudget()) await yieldToLoop();
}
