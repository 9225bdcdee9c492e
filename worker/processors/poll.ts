import type { Db } from "@/db/client";
import { markConnection } from "@/lib/connections/store";
import type { Payload } from "@/lib/jobs/contract";
import { count } from "@/lib/jobs/counters";
import type { ListenRules } from "@/lib/listening/rules";
import type { StoredState } from "@/lib/listening/stored-state";
import type { Observation } from "@/lib/listening/types";
import type { ApplyObservationResult } from "@/lib/listening/write";
import { classify, QueueRateLimited } from "../errors";
import type { Locker } from "../locks";
import { type ConnectionRow, pollState } from "./connection";

/** What the poll needs from the providers and the listening writer; worker/deps.ts wires the real ones. */
export type PollDeps = {
  db: Db;
  lock: Locker;
  now?: () => Date;
  /** One observation of the player; throws provider errors (429, reauth) as they come. */
  observe(db: Db, conn: ConnectionRow): Promise<Observation>;
  apply(
    db: Db,
    input: {
      userId: number;
      provider: "spotify" | "yandex";
      observation: Observation;
      now: number;
      /** What the poll read before observing (one query); apply writes only if it is still current. */
      rules?: ListenRules;
      stored?: StoredState;
      /** Mark the connection's last poll and success in the same write. */
      connection?: { id: number; seenAt: Date };
    },
  ): Promise<{
    listensWritten: number;
    skippedWritten?: number;
    nextPollInMs: number;
    needsReconcile?: boolean;
    playing?: ApplyObservationResult["playing"];
  }>;
  /** What the player plays after this poll (the outbox forwards a new track as now-playing). */
  onPlaying?(userId: number, playing: ApplyObservationResult["playing"]): void;
  /** A gap in successful Spotify polls: recently-played fills it (listening-rules.md §5). */
  onGap?(userId: number): Promise<void>;
};

export type PollResult =
  | { kind: "done"; nextPollInMs: number; listensWritten: number }
  | { kind: "busy" }
  | { kind: "stop"; reason: string };

// Longer than any sane poll; after a SIGKILL the lock frees itself within this time.
const LOCK_TTL_MS = 15_000;
const ERROR_RETRY_MS = 30_000;

export async function runPoll(deps: PollDeps, p: Payload<"poll">): Promise<PollResult> {
  const release = await deps.lock(`poll:${p.source}:${p.userId}`, LOCK_TTL_MS);
  if (!release) return { kind: "busy" };
  try {
    // Read under the lock, so the state is the previous poll's result; the write still checks its version.
    const state = await pollState(deps.db, p.userId, p.source);
    if (!state) return { kind: "stop", reason: "connection not active" };
    const { conn } = state;
    count("polls");
    let observation: Observation;
    try {
      observation = await deps.observe(deps.db, conn);
    } catch (err) {
      return await handleFailure(deps, conn, err);
    }
    const now = deps.now?.() ?? new Date();
    const res = await deps.apply(deps.db, {
      userId: p.userId,
      provider: p.source,
      observation,
      now: now.getTime(),
      rules: state.rules,
      stored: state.stored,
      connection: { id: conn.id, seenAt: now },
    });
    deps.onPlaying?.(p.userId, res.playing ?? null);
    count("listens_emitted", res.listensWritten);
    count("listens_skipped", res.skippedWritten ?? 0);
    // The rules know when a poll came later than planned (a gap, a restart, failures); an idle user's
    // 5-minute cadence is no gap, so the time since the last success alone would reconcile every idle poll.
    if (res.needsReconcile && p.source === "spotify") await deps.onGap?.(p.userId);
    return { kind: "done", nextPollInMs: res.nextPollInMs, listensWritten: res.listensWritten };
  } finally {
    await release();
  }
}

async function handleFailure(deps: PollDeps, conn: ConnectionRow, err: unknown): Promise<PollResult> {
  const f = classify(err);
  const now = deps.now?.() ?? new Date();
  if (f.kind === "rate_limited") {
    count("rate_limited_429");
    throw new QueueRateLimited(f.retryAfterMs);
  }
  count("poll_errors");
  if (f.kind === "needs_reauth" || f.kind === "config_error") {
    // Sessions are kept: after re-authorisation, reconciliation recovers what happened meanwhile.
    await markConnection(deps.db, conn.id, {
      status: f.kind,
      lastError: f.message.slice(0, 500),
      lastErrorAt: now,
      lastPollAt: now,
    });
    return { kind: "stop", reason: f.kind };
  }
  // A transient failure still runs the state machine, so grace timeouts advance (listening-rules.md §3).
  const res = await deps
    .apply(deps.db, {
      userId: conn.userId,
      provider: conn.provider,
      observation: { failure: f.message },
      now: now.getTime(),
    })
    .catch(() => ({ listensWritten: 0, nextPollInMs: ERROR_RETRY_MS }));
  count("listens_emitted", res.listensWritten);
  await markConnection(deps.db, conn.id, {
    lastPollAt: now,
    lastError: f.message.slice(0, 500),
    lastErrorAt: now,
  });
  return {
    kind: "done",
    nextPollInMs: Math.max(res.nextPollInMs, ERROR_RETRY_MS),
    listensWritten: res.listensWritten,
  };
}
