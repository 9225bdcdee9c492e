import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listens, playbackSessions, users } from "@/db/schema";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";
import { type ListenRules, rulesFrom } from "./rules";
import { step } from "./state-machine";
import type { FinalisedPass, ListenProvider, Observation, ProviderMeta, Session } from "./types";

/**
 * The DB edge of the state machine. One call per poll (or per Ynison state):
 *
 *   const r = await applyObservation(db, { userId, provider: "spotify", observation: { snapshot }, now: Date.now() });
 *   // or { failure: "429" } when the poll failed; then schedule the next poll in r.nextPollInMs,
 *   // and enqueue `reconcile` when r.needsReconcile.
 *
 * Everything happens in one transaction under a per-(user, provider) advisory lock: two workers given the
 * same poll serialise, the second sees its snapshot as already applied, and every listen is keyed by
 * (user_id, dedup_key), so a retry is a no-op. (Live rows are upserted rather than DO NOTHING only so a
 * Yandex extrapolation that a later frame proved wrong can be rewritten under its key; an identical
 * retry updates nothing.)
 */
export type ApplyObservationInput = {
  userId: number;
  provider: ListenProvider;
  observation: Observation;
  now: number;
  /** Defaults to the user's stored thresholds. */
  rules?: ListenRules;
};

export type ApplyObservationResult = {
  listensWritten: number;
  skippedWritten: number;
  nextPollInMs: number;
  needsReconcile: boolean;
  /** What is playing now (for "now playing" caches), or null. */
  playing: { deviceKey: string; trackKey: string; status: "playing" | "paused"; positionMs: number } | null;
};

/** The provider-level bookkeeping row shares the table; no real device id is "*". */
export const META_DEVICE = "*";
const LOCK_CLASS: Record<ListenProvider, number> = { spotify: 4_711_001, yandex: 4_711_002 };

/** Serialises every read-apply-write for one (user, provider) until the transaction ends. */
export async function lockUserProvider(db: Db, userId: number, provider: ListenProvider): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS[provider]}::int, ${userId}::int)`);
}

const isSession = (v: unknown): v is Session =>
  typeof v === "object" &&
  v !== null &&
  (v as Session).v === 1 &&
  typeof (v as Session).sessionId === "string";
const isMeta = (v: unknown): v is ProviderMeta =>
  typeof v === "object" && v !== null && (v as ProviderMeta).v === 1;

export async function loadSessions(db: Db, userId: number, provider: ListenProvider) {
  const rows = await db
    .select({ deviceKey: playbackSessions.deviceKey, state: playbackSessions.state })
    .from(playbackSessions)
    .where(and(eq(playbackSessions.userId, userId), eq(playbackSessions.provider, provider)));
  const meta = rows.find((r) => r.deviceKey === META_DEVICE)?.state;
  const stored = new Map(rows.map((r) => [r.deviceKey, JSON.stringify(r.state)]));
  return {
    meta: isMeta(meta) ? meta : null,
    // A row that is not a state document we understand is dropped rather than crashing every poll.
    sessions: rows
      .filter((r) => r.deviceKey !== META_DEVICE)
      .map((r) => r.state)
      .filter(isSession),
    stored,
  };
}

// Rules change rarely and every poll needs them: one query per user per minute instead of per poll.
const RULES_TTL_MS = 60_000;
const RULES_CACHE_MAX = 20_000;
const rulesCache = new Map<number, { rules: ListenRules; at: number }>();

/** Drop a user's cached thresholds (call after saving new ones so the next poll uses them). */
export function forgetRules(userId: number): void {
  rulesCache.delete(userId);
}

export async function userRules(db: Db, userId: number, now = 0): Promise<ListenRules> {
  const hit = rulesCache.get(userId);
  if (hit && now && Math.abs(now - hit.at) < RULES_TTL_MS) return hit.rules;
  const [row] = await db.select({ rules: users.listenRules }).from(users).where(eq(users.id, userId));
  const rules = rulesFrom(row?.rules);
  if (now) {
    if (rulesCache.size >= RULES_CACHE_MAX) rulesCache.clear();
    rulesCache.set(userId, { rules, at: now });
  }
  return rules;
}

export async function applyObservation(
  db: Db,
  input: ApplyObservationInput,
): Promise<ApplyObservationResult> {
  return db.transaction(async (tx) => {
    const { userId, provider } = input;
    // The lock must be held before the read starts: its snapshot then includes the previous holder's commit.
    await lockUserProvider(tx, userId, provider);
    const [loaded, rules] = await Promise.all([
      loadSessions(tx, userId, provider),
      input.rules ?? userRules(tx, userId, input.now),
    ]);
    const r = step({
      provider,
      sessions: loaded.sessions,
      meta: loaded.meta,
      observation: input.observation,
      now: input.now,
      rules,
    });
    const nextPollInMs = Math.max(0, (r.meta.nextDueAt ?? input.now) - input.now);
    const playing = nowPlaying(r.sessions);
    if (r.ignored)
      return { listensWritten: 0, skippedWritten: 0, nextPollInMs, needsReconcile: false, playing };

    const keep = new Set(r.sessions.map((s) => s.deviceKey));
    const gone = r.removed.filter((k) => !keep.has(k) && loaded.stored.has(k));
    if (gone.length) {
      await tx
        .delete(playbackSessions)
        .where(
          and(
            eq(playbackSessions.userId, userId),
            eq(playbackSessions.provider, provider),
            inArray(playbackSessions.deviceKey, gone),
          ),
        );
    }
    const docs: { deviceKey: string; state: unknown }[] = [
      { deviceKey: META_DEVICE, state: r.meta },
      ...r.sessions.map((s) => ({ deviceKey: s.deviceKey, state: s })),
    ].filter((d) => loaded.stored.get(d.deviceKey) !== JSON.stringify(d.state));
    if (docs.length) {
      await tx
        .insert(playbackSessions)
        .values(docs.map((d) => ({ userId, provider, deviceKey: d.deviceKey, state: d.state })))
        .onConflictDoUpdate({
          target: [playbackSessions.userId, playbackSessions.provider, playbackSessions.deviceKey],
          set: { state: sql`excluded.state`, updatedAt: sql`now()` },
        });
    }
    const written = await writePasses(tx, userId, r.passes);
    return { ...written, nextPollInMs, needsReconcile: r.needsReconcile, playing };
  });
}

function nowPlaying(sessions: Session[]): ApplyObservationResult["playing"] {
  const open = sessions.flatMap((s) => (s.pass ? [{ s, p: s.pass }] : []));
  const best =
    open.find((o) => o.p.status === "playing") ??
    open.sort((a, b) => b.p.lastObservedAt - a.p.lastObservedAt)[0];
  if (!best) return null;
  return {
    deviceKey: best.s.deviceKey,
    trackKey: best.p.trackKey,
    status: best.p.status,
    positionMs: best.p.lastPositionMs,
  };
}

/** A pass whose track metadata never arrived still needs a catalog row; the id is enough to fix it later. */
function trackFor(p: FinalisedPass): TrackInput {
  return (
    p.track ?? {
      provider: p.provider,
      externalId: p.trackKey,
      title: `${p.provider} ${p.trackKey}`,
      artists: [],
      durationMs: p.durationMs,
    }
  );
}

/** Inserts finalised passes as listens (skipped passes with skipped = true); returns what was new. */
export async function writePasses(db: Db, userId: number, passes: FinalisedPass[]) {
  // One row per key, the latest version winning (a correction re-sends a key; DO UPDATE needs distinct keys).
  passes = [...new Map(passes.map((p) => [p.dedupKey, p])).values()];
  if (!passes.length) return { listensWritten: 0, skippedWritten: 0 };
  const trackIds = await upsertTracks(db, passes.map(trackFor));
  const rows = passes.map((p, i) => ({
    userId,
    trackId: trackIds[i] as number,
    source: p.provider,
    origin: "live" as const,
    startedAt: new Date(p.startedAt),
    endedAt: new Date(p.endedAt),
    msPlayed: p.listenedMs,
    skipped: !p.counts,
    dedupKey: p.dedupKey,
    extra: {
      durationMs: p.durationMs,
      deviceKey: p.deviceKey,
      completed: p.completed,
      reason: p.reason,
    },
  }));
  const inserted = await db
    .insert(listens)
    .values(rows)
    // A retry writes identical values and changes nothing; only a corrected pass really updates its row.
    .onConflictDoUpdate({
      target: [listens.userId, listens.dedupKey],
      set: {
        skipped: sql`excluded.skipped`,
        msPlayed: sql`excluded.ms_played`,
        endedAt: sql`excluded.ended_at`,
        extra: sql`excluded.extra`,
      },
      setWhere: sql`${listens.origin} = 'live' and (${listens.skipped}, ${listens.msPlayed}, ${listens.endedAt}) is distinct from (excluded.skipped, excluded.ms_played, excluded.ended_at)`,
    })
    .returning({ skipped: listens.skipped });
  return {
    listensWritten: inserted.filter((r) => !r.skipped).length,
    skippedWritten: inserted.filter((r) => r.skipped).length,
  };
}
