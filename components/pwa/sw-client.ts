// The page's side of the conversation with public/sw.js (message types must match the worker's).

export const USER_CACHE_PREFIX = "mt-user-";

export function swSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator;
}

/** The worker only runs in production builds: a dev server's constantly changing chunks would just churn it. */
export function swEnabled(): boolean {
  return swSupported() && process.env.NODE_ENV === "production";
}

export async function postToWorker(message: { type: string; [key: string]: unknown }): Promise<void> {
  if (!swSupported()) return;
  const reg = await navigator.serviceWorker.getRegistration();
  (navigator.serviceWorker.controller ?? reg?.active)?.postMessage(message);
}

/**
 * Forgets everything saved for the signed-in person: called before signing out, so the next person on this
 * device never sees it. Deletes the caches from the page too, in case no worker is running.
 */
export async function clearOfflineData(): Promise<void> {
  try {
    await postToWorker({ type: "SIGN_OUT" });
    if (typeof caches === "undefined") return;
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(USER_CACHE_PREFIX)).map((n) => caches.delete(n)));
  } catch {
    // Storage may be unavailable (private mode); then nothing was saved either.
  }
}

/** What the page loaded before the worker controlled it: its own URL and the API reads it made. */
export function pageUrlsToWarm(): string[] {
  const api = performance
    .getEntriesByType("resource")
    .filter((e) => (e as PerformanceResourceTiming).initiatorType === "fetch")
    .map((e) => new URL(e.name))
    .filter(
      (u) =>
        u.origin === location.origin &&
        u.pathname.startsWith("/api/") &&
        !u.pathname.startsWith("/api/auth/"),
    )
    .map((u) => u.pathname + u.search);
  return [location.pathname + location.search, ...new Set(api)];
}
