/**
 * Sends one target's queue, batch by batch, until it is empty, the target asks us to wait longer than we
 * sleep in place, or the run's time budget is spent (the sweep starts the next run). One run per target at
 * a time, across all workers: a transaction-scoped advisory lock on its own connection, released by
 * PostgreSQL the moment a killed worker's connection drops.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outboxTargets } from "@/db/schema";
import { decrypt } from "@/lib/crypto";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import {
  type Batch,
  dissolveBatch,
  maxBatch,
  narrowBatch,
  noteAttempt,
  settleBatch,
  takeBatch,
} from "./batch";
import { OutboxError } from "./errors";
import { IGNORED_DAILY_LIMIT, type Scrobble, scrobble, scrobbledBetween, scrobbleKey } from "./lastfm";
import { type LbListen, type RateState, submitListens } from "./listenbrainz";

export type DeliverOptions = {
  /** Waits up to this long are slept in place; longer ones end the run with `retryAt` set. */
  inlineWaitMs?: number;
  budgetMs?: number;
  /** Backoff of transient failures: base × 2^(failures−1), capped. */
  backoffBaseMs?: number;
};
export type DeliverResult = {
  state: "done" | "waiting" | "paused" | "busy" | "budget" | "gone";
  sent: number;
  batches: number;
  retries: number;
};

const DEFAULTS = { inlineWaitMs: 10_000, budgetMs: 120_000 };
const MAX_BACKOFF_MS = 30 * 60_000;
const DAILY_LIMIT_WAIT_MS = 3600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function deliverTarget(
  db: Db,
  targetId: number,
  o: DeliverOptions = {},
): Promise<DeliverResult> {
  const opts = { ...DEFAULTS, backoffBaseMs: env().OUTBOX_BACKOFF_BASE_MS, ...o };
  const result: DeliverResult = { state: "done", sent: 0, batches: 0, retries: 0 };
  return db.transaction(async (lockTx) => {
    const [lock] = (await lockTx.execute(
      sql`select pg_try_advisory_xact_lock(hashtext('musictrace:outbox'), ${targetId}) as ok`,
    )) as unknown as { ok: boolean }[];
    if (!lock?.ok) return { ...result, state: "busy" as const };
    result.state = await run(db, targetId, opts, result);
    return result;
  });
}

async function run(
  db: Db,
  targetId: number,
  opts: Required<DeliverOptions>,
  result: DeliverResult,
): Promise<DeliverResult["state"]> {
  const started = Date.now();
  let limitOverride: number | null = null;
  let rate: RateState = { remaining: null, resetInMs: 0 };
  for (;;) {
    const [target] = await db.select().from(outboxTargets).where(eq(outboxTargets.id, targetId));
    if (!target) return "gone";
    if (target.status !== "active") return "paused";
    const waitMs = (target.retryAt?.getTime() ?? 0) - Date.now();
    if (waitMs > opts.inlineWaitMs) return "waiting";
    if (waitMs > 0) await sleep(waitMs);
    if (Date.now() - started > opts.budgetMs) return "budget";
    // ListenBrainz said how many requests are left in its window: wait it out rather than collect a 429.
    if (rate.remaining === 0 && rate.resetInMs > 0) {
      if (rate.resetInMs > opts.inlineWaitMs) {
        await retryLater(db, targetId, rate.resetInMs, null);
        return "waiting";
      }
      await sleep(rate.resetInMs);
      rate = { remaining: null, resetInMs: 0 };
    }
    let batch = await takeBatch(db, target, limitOverride ?? maxBatch(target.kind));
    if (!batch) return "done";
    const secret = decrypt(target.secretEnc);
    try {
      // A batch tried before may have landed without us hearing: Last.fm keeps re-sent scrobbles twice,
      // so ask it what it holds first. ListenBrainz dedupes (user, listened_at, recording) itself.
      if (target.kind === "lastfm" && batch.attempts > 0)
        batch = await withoutLanded(db, batch, target.accountName);
      batch = await noteAttempt(db, batch);
      if (batch.payload.length === 0) {
        result.sent += await settleBatch(db, batch);
        continue;
      }
      if (target.kind === "listenbrainz") {
        const type = batch.backfill || batch.payload.length > 1 ? "import" : "single";
        rate = await submitListens(secret, type, batch.payload as LbListen[]);
        result.sent += await settleBatch(db, batch);
      } else {
        const ignored = await scrobble(secret, batch.payload as Scrobble[]);
        const keep = ignored.filter((i) => i.code === IGNORED_DAILY_LIMIT).map((i) => i.index);
        const refused = ignored.length - keep.length;
        const note = refused ? `Last.fm ignored ${refused} scrobble(s) (too old or filtered).` : null;
        result.sent += await settleBatch(db, batch, { keep, note });
        if (keep.length) {
          await retryLater(
            db,
            targetId,
            DAILY_LIMIT_WAIT_MS,
            "Last.fm daily scrobble limit reached; continuing later.",
          );
          return "waiting";
        }
      }
      result.batches++;
      limitOverride = null;
    } catch (err) {
      if (!(err instanceof OutboxError)) throw err;
      if (!(await failed(db, target, batch, err, opts, result))) return result.state;
      if (err.kind === "rejected") limitOverride = Math.max(1, Math.ceil(batch.payload.length / 2));
    }
  }
}

/** Handles a failed send; true when the run should go on. */
async function failed(
  db: Db,
  target: typeof outboxTargets.$inferSelect,
  batch: Batch,
  err: OutboxError,
  opts: Required<DeliverOptions>,
  result: DeliverResult,
): Promise<boolean> {
  log.warn("outbox send failed", { targetId: target.id, kind: err.kind, size: batch.payload.length });
  if (err.kind === "auth") {
    // The batch stays in flight: after a reconnect it goes out exactly as it was built.
    await db
      .update(outboxTargets)
      .set({ status: "paused", lastError: err.message })
      .where(eq(outboxTargets.id, target.id));
    result.state = "paused";
    return false;
  }
  if (err.kind === "rejected") {
    if (batch.payload.length > 1) {
      await dissolveBatch(db, batch); // sent again in halves until the one listen it refuses is alone
      return true;
    }
    await settleBatch(db, { ...batch, payload: [] }, { note: err.message });
    return true;
  }
  result.retries++;
  const failures = target.failures + 1;
  const backoff = Math.min(MAX_BACKOFF_MS, opts.backoffBaseMs * 2 ** (failures - 1));
  const waitMs = err.kind === "rate_limited" ? (err.retryAfterMs ?? backoff) : backoff;
  await db
    .update(outboxTargets)
    .set({
      // A wait the target named is not our failure; an unexplained one (Last.fm's 29) backs off further each time.
      failures: err.retryAfterMs !== undefined ? target.failures : failures,
      retryAt: new Date(Date.now() + waitMs),
      lastError: err.message,
    })
    .where(eq(outboxTargets.id, target.id));
  if (waitMs > opts.inlineWaitMs) {
    result.state = "waiting";
    return false;
  }
  return true;
}

async function retryLater(db: Db, targetId: number, ms: number, note: string | null) {
  await db
    .update(outboxTargets)
    .set({ retryAt: new Date(Date.now() + ms), ...(note ? { lastError: note } : {}) })
    .where(eq(outboxTargets.id, targetId));
}

async function withoutLanded(db: Db, batch: Batch, user: string): Promise<Batch> {
  const list = batch.payload as Scrobble[];
  if (!list.length) return batch;
  const ts = list.map((s) => s.timestamp);
  const held = await scrobbledBetween(user, Math.min(...ts), Math.max(...ts));
  const rest = list.filter((s) => !held.has(scrobbleKey(s)));
  return rest.length === list.length ? batch : narrowBatch(db, batch, rest);
}
