import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/**
 * The queue contract shared by web and worker: queue names, job names, payload schemas and job ids live
 * here and nowhere else, so a producer and a consumer can never disagree on a name.
 */

// Spotify has its own queue because a 429 rate-limits the app's one shared quota: pausing that queue
// stops every Spotify call at once while Yandex, enrichment and imports carry on.
export const QUEUES = {
  spotify: "spotify",
  yandex: "yandex",
  enrich: "enrich",
  imports: "imports",
  // Forwarding to ListenBrainz/Last.fm: their rate limits are per user token, so a slow target never
  // holds up polls or imports.
  outbox: "outbox",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  poll: "poll",
  reconcile: "reconcile",
  enrichTrack: "enrich-track",
  syncLikes: "sync-likes",
  import: "import",
  outboxDeliver: "outbox-deliver",
  outboxSweep: "outbox-sweep",
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

const source = z.enum(["spotify", "yandex"]);
export type PollSource = z.infer<typeof source>;
const id = z.number().int().positive();

export const payloads = {
  [JOBS.poll]: z.object({ userId: id, source }).strict(),
  [JOBS.reconcile]: z
    .object({ userId: id, reason: z.enum(["start", "connect", "gap", "periodic", "reauth", "manual"]) })
    .strict(),
  [JOBS.enrichTrack]: z.object({ trackId: id, force: z.boolean().optional() }).strict(),
  [JOBS.syncLikes]: z.object({ userId: id, source }).strict(),
  [JOBS.import]: z.object({ importId: id }).strict(),
  [JOBS.outboxDeliver]: z.object({ targetId: id }).strict(),
  [JOBS.outboxSweep]: z.object({}).strict(),
} as const;

export type Payload<N extends JobName> = z.infer<(typeof payloads)[N]>;

/** Which queue carries which job; a poll's queue depends on its source. */
export function queueFor(name: JobName, data: { source?: PollSource }): QueueName {
  if (name === JOBS.enrichTrack) return QUEUES.enrich;
  if (name === JOBS.import) return QUEUES.imports;
  if (name === JOBS.outboxDeliver || name === JOBS.outboxSweep) return QUEUES.outbox;
  if (name === JOBS.reconcile) return QUEUES.spotify;
  return data.source === "yandex" ? QUEUES.yandex : QUEUES.spotify;
}

// BullMQ accepts a custom id with ':' only when it has exactly three parts, hence `enrich:track:{id}`
// rather than the two-part form; the lyrics lookup itself is shared per signature hash in the database.
export const jobIds = {
  poll: (s: PollSource, userId: number) => `poll:${s}:${userId}`,
  reconcile: (userId: number) => `reconcile:spotify:${userId}`,
  enrich: (trackId: number) => `enrich:track:${trackId}`,
  syncLikes: (s: PollSource, userId: number) => `likes:${s}:${userId}`,
  // Per import row, not per file hash: re-uploading a file after its import finished must run again.
  import: (userId: number, importId: number) => `import:${userId}:${importId}`,
  // Per target and sweep period: a second sweep while a run goes on adds nothing, and the job of a killed
  // worker (active until BullMQ sees it stalled) never blocks the next period's. The advisory lock in
  // lib/outbox/deliver.ts keeps runs of one target apart.
  outbox: (targetId: number, at = Date.now()) => `outbox:${targetId}:${Math.floor(at / OUTBOX_SWEEP_MS)}`,
  outboxSweep: "outbox:sweep:all",
};

// Failed jobs are the evidence of what went wrong: keep them (capped), never `removeOnFail: true`.
const KEEP_FAILED = { count: 5000, age: 14 * 24 * 3600 };

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: KEEP_FAILED,
};

// A poll is never retried by BullMQ: the scheduler produces the next one within seconds anyway, and a
// retried stale poll would only race it. Completed polls are removed quickly (thousands per minute).
export const pollJobOptions = {
  attempts: 1,
  removeOnComplete: { count: 200 },
  removeOnFail: KEEP_FAILED,
} as const;

// Enrichment jobs must be re-addable under the same id once done (misses are retried days later), so
// completed ones are removed; failed ones stay as evidence.
export const enrichJobOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 30_000 },
  removeOnComplete: true,
  removeOnFail: KEEP_FAILED,
} as const;

/** Cadence bounds (listening-rules.md §8): never below 1 s, the long-idle heartbeat is 5 min. */
export const POLL_MIN_MS = 1_000;
export const POLL_MAX_MS = 5 * 60_000;
export const POLL_DEFAULT_MS = 10_000;
export const RECONCILE_EVERY_MS = 15 * 60_000;
export const SYNC_LIKES_EVERY_MS = 6 * 3600_000;
/** How often targets with a backlog (or a retry that came due) are looked for. */
export const OUTBOX_SWEEP_MS = 15_000;

// Background work (reconciles, like syncs) yields to polls: BullMQ takes jobs without a priority first, so a
// worker start with thousands of reconciles queued never delays a poll. Higher numbers run later.
export const BACKGROUND_PRIORITY = 10;
// Reconciles queued by a worker start are spread over this long instead of all running at once.
export const START_RECONCILE_SPREAD_MS = 5 * 60_000;
