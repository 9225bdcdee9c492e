import type { Db } from "@/db/client";
import type { ListenProvider, Snapshot } from "./types";
import { applyObservation } from "./write";
import { applyRecentlyPlayed, parseRecentlyPlayed } from "./write-history";

export { nextPollDelay } from "./cadence";
/**
 * The listening API for the worker (listening-rules.md). A poll job does:
 *
 *   const body = await spotify.getPlayer(token);               // parsed JSON, or null on 204
 *   const snapshot = fromSpotifyPlayer(body, Date.now());        // or fromYnisonState(latestFrame, Date.now())
 *   const r = await applyPoll(db, { userId, provider, snapshot, now: new Date() });
 *   // on a provider error instead: applyPoll(db, { userId, provider, failure: err, now })
 *   reschedule(r.nextPollInMs); if (r.needsReconcile) enqueueReconcile(userId, "gap");
 *
 * and a reconcile job:
 *
 *   const body = await spotify.getRecentlyPlayed(token, { after: conn.recentCursor, limit: 50 });
 *   await applyRecentlyPlayedBody(db, { userId, body, cursor: conn.recentCursor, now: new Date() });
 *
 * Both run in one transaction under a per-(user, provider) advisory lock and are safe to retry.
 */
export { DEFAULT_RULES, type ListenRules, rulesFrom } from "./rules";
export { fromSpotifyPlayer, fromYnisonState } from "./snapshot";
export type { FinalisedPass, Snapshot } from "./types";
export { type ApplyObservationResult, applyObservation } from "./write";
export { applyRecentlyPlayed, parseRecentlyPlayed, type RecentItem } from "./write-history";

const isSnapshot = (v: unknown): v is Snapshot =>
  typeof v === "object" && v !== null && typeof (v as Snapshot).observedAt === "number" && "status" in v;

const failureText = (f: unknown) =>
  typeof f === "object" && f !== null && "message" in f
    ? String((f as { message: unknown }).message)
    : String(f);

/** The poll processor's entry point: a snapshot built by a converter above, or the failure that happened. */
export async function applyPoll(
  db: Db,
  input: { userId: number; provider: ListenProvider; snapshot?: unknown; failure?: unknown; now: Date },
) {
  const now = input.now.getTime();
  if (input.failure === undefined && !isSnapshot(input.snapshot))
    throw new TypeError("applyPoll needs a Snapshot (fromSpotifyPlayer / fromYnisonState) or a failure");
  const observation =
    input.failure !== undefined || !isSnapshot(input.snapshot)
      ? { failure: failureText(input.failure) }
      : { snapshot: input.snapshot };
  const r = await applyObservation(db, { userId: input.userId, provider: input.provider, observation, now });
  return { ...r, listensSkipped: r.skippedWritten };
}

/** The reconcile processor's entry point: a raw recently-played body fetched with `after = cursor`. */
export async function applyRecentlyPlayedBody(
  db: Db,
  input: { userId: number; body: unknown; cursor?: number | null; now: Date },
) {
  const items = parseRecentlyPlayed(input.body);
  const r = await applyRecentlyPlayed(db, {
    userId: input.userId,
    items,
    cursor: input.cursor,
    now: input.now.getTime(),
  });
  return { ...r, merged: r.duplicates };
}
