import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executePrepared, preparedVariants } from "@/db/prepared";
import { connections, listens, playbackSessions, users } from "@/db/schema";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";
import { coalesce, POLL_LINGER_MS } from "@/lib/coalesce";
import { linkAcrossSources } from "./cross-source";
import { type LiveRow, linkToHistory } from "./link-history";
import { type ListenRules, rulesFrom } from "./rules";
import { step } from "./state-machine";
import { loadState, META_DEVICE, type StoredState } from "./stored-state";
import type { FinalisedPass, ListenProvider, Observation, ProviderMeta, Session, StepResult } from "./types";

/**
 * The DB edge of the state machine. One call per poll (or per Ynison state):
 *
 *   const r = await applyObservation(db, { userId, provider: "spotify", observation: { snapshot }, now: Date.now() });
 *   // or { failure: "429" } when the poll failed; then schedule the next poll in r.nextPollInMs,
 *   // and enqueue `reconcile` when r.needsReconcile.
 *
 * Every write of a (user, provider)'s state is a compare-and-swap on its version (see StoredState): two
 * workers given the same poll both compute a step, one write wins, the other re-reads and finds its
 * snapshot already applied. A step that finalises passes writes them in the same transaction as the state,
 * under a per-(user, provider) advisory lock that reconciliation also takes, and every listen is keyed by
 * (user_id, dedup_key), so a retry is a no-op. (Live rows are upserted rather than DO NOTHING only so a
 * Yandex extrapolation that a later frame proved wrong can be rewritten under its key; an identical
 * retry updates nothing.) Most polls finalise nothing: they cost one read and one write statement.
 */
export type ApplyObservationInput = {
  userId: number;
  provider: ListenProvider;
  observation: Observation;
  now: number;
  /** Defaults to the user's stored thresholds. */
  rules?: ListenRules;
  /** The state as the caller already read it (storedStateSql in its own query); read here otherwise. */
  stored?: StoredState;
  /** The poll's connection: its last poll and last success become `seenAt` in the same statement (every 30 s). */
  connection?: { id: number; seenAt: Date };
};

export type ApplyObservationResult = {
  listensWritten: number;
  skippedWritten: number;
  nextPollInMs: number;
  needsReconcile: boolean;
  /** What is playing now (for "now playing" caches), or null. */
  playing: {
    deviceKey: string;
    trackKey: string;
    status: "playing" | "paused";
    positionMs: number;
    /** The track's catalog input, when the player named it (forwarded as now-playing by the outbox). */
    track?: TrackInput | null;
  } | null;
};

const LOCK_CLASS: Record<ListenProvider, number> = { spotify: 4_711_001, yandex: 4_711_002 };

/** Serialises listen writes for one (user, provider) until the transaction ends. */
export async function lockUserProvider(db: Db, userId: number, provider: ListenProvider): Promise<void> {
  await executePrepared(db, sql`select pg_advisory_xact_lock(${LOCK_CLASS[provider]}::int, ${userId}::int)`);
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

const SEEN_EVERY_S = 30;

/** Another writer changed the state between our read and our write: read again and redo the step. */
class StateConflict extends Error {}
// Each retry means another writer made progress, so a handful is plenty; more would mean a bug.
const MAX_ATTEMPTS = 8;

export async function applyObservation(
  db: Db,
  input: ApplyObservationInput,
): Promise<ApplyObservationResult> {
  const { userId, provider } = input;
  const rules = input.rules ?? (await userRules(db, userId, input.now));
  let stored = input.stored ?? (await loadState(db, userId, provider));
  for (let attempt = 1; ; attempt++) {
    const r = step({
      provider,
      sessions: stored.sessions,
      meta: stored.meta,
      observation: input.observation,
      now: input.now,
      rules,
    });
    const nextPollInMs = Math.max(0, (r.meta.nextDueAt ?? input.now) - input.now);
    const done = { nextPollInMs, needsReconcile: r.needsReconcile, playing: nowPlaying(r.sessions) };
    if (r.ignored) return { ...done, listensWritten: 0, skippedWritten: 0, needsReconcile: false };
    try {
      if (!r.passes.length) {
        if (!(await saveState(db, input, stored, r, false))) throw new StateConflict();
        return { ...done, listensWritten: 0, skippedWritten: 0 };
      }
      const written = await db.transaction(async (tx) => {
        await lockUserProvider(tx, userId, provider);
        if (!(await saveState(tx, input, stored, r, true))) throw new StateConflict();
        return writePasses(tx, userId, r.passes);
      });
      return { ...done, ...written };
    } catch (err) {
      if (!(err instanceof StateConflict) || attempt >= MAX_ATTEMPTS) throw err;
      stored = await loadState(db, userId, provider);
    }
  }
}

/**
 * Writes the step's state if `stored.version` is still current (false otherwise), in one statement: the
 * meta row (always rewritten, it carries the version), changed and removed sessions, and the connection's
 * poll times.
 */
async function saveState(
  db: Db,
  input: ApplyObservationInput,
  stored: StoredState,
  r: StepResult,
  durable: boolean,
): Promise<boolean> {
  const keep = new Set(r.sessions.map((s) => s.deviceKey));
  const gone = r.removed.filter((k) => !keep.has(k) && stored.stored.has(k));
  const docs = r.sessions.filter((s) => !sameJson(s, stored.stored.get(s.deviceKey)));
  // Most polls write no listen: those go out together with other polls' writes (saveBatch).
  if (!durable)
    return batchFor(db)({
      user_id: input.userId,
      provider: input.provider,
      meta: r.meta,
      version: stored.version,
      docs: docs.map((s) => ({ device: s.deviceKey, state: s })),
      gone,
      conn: input.connection?.id ?? null,
      seen: input.connection?.seenAt.toISOString() ?? null,
    });
  const variant = [
    stored.version === null ? "first" : "next",
    docs.length ? "docs" : "",
    gone.length ? "gone" : "",
    input.connection ? "seen" : "",
  ].join(" ");
  const rows = await saveStatement<{ n: number }>(db, variant, {
    userId: input.userId,
    provider: input.provider,
    meta: JSON.stringify(r.meta),
    version: stored.version,
    docs: JSON.stringify(docs.map((s) => ({ device: s.deviceKey, state: s }))),
    gone: JSON.stringify(gone),
    connectionId: input.connection?.id ?? 0,
    seenAt: input.connection?.seenAt.toISOString() ?? null,
  });
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Whether two JSON-like values serialise alike (key order aside; an undefined property is an absent one):
 * a walk is cheaper than stringifying both sides of every session on every poll.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (x[k] !== undefined && !sameJson(x[k], y[k])) return false;
  for (const k in y) if (y[k] !== undefined && x[k] === undefined) return false;
  return true;
}

/** One poll's state write without listens, as a row of saveBatch's input. */
type SaveItem = {
  user_id: number;
  provider: ListenProvider;
  meta: ProviderMeta;
  version: string | null;
  docs: { device: string; state: Session }[];
  gone: string[];
  conn: number | null;
  seen: string | null;
};

/** Per database handle (a transaction's items never join the pool's batch). */
const batches = new WeakMap<Db, (item: SaveItem) => Promise<boolean>>();
function batchFor(db: Db) {
  let save = batches.get(db);
  if (!save) {
    save = coalesce((items: SaveItem[]) => saveBatch(db, items), {
      lingerMs: POLL_LINGER_MS,
      name: "poll state writes",
      // A statement may change a row once: one (user, provider) per batch.
      key: (i) => `${i.user_id}:${i.provider}`,
    });
    batches.set(db, save);
  }
  return save;
}

/**
 * The state writes of concurrent polls in one statement, each still a compare-and-swap on its own meta
 * row's xmin: the result says, per item, whether it landed; a refused one is redone by its caller like a
 * single write. Should the statement fail, each item is written alone, so one bad item fails only itself.
 */
async function saveBatch(db: Db, items: SaveItem[]): Promise<boolean[]> {
  let rows: { ok: number[] | null }[];
  try {
    rows = await saveBatchStatement<{ ok: number[] | null }>(db, "batch", {
      items: JSON.stringify(items.map((item, i) => ({ ...item, i }))),
    });
  } catch (err) {
    if (items.length === 1) throw err;
    return (await Promise.all(items.map((item) => saveBatch(db, [item])))).flat();
  }
  const ok = new Set(rows[0]?.ok ?? []);
  return items.map((_, i) => ok.has(i));
}

// The same writes as saveStatement's, for many (user, provider)s. Each item finds its rows by index (a
// LATERAL lookup that LIMIT/OFFSET keep from being flattened), then the row is written by its ctid: joined
// plainly, the planner (with d estimated at 100 rows) hashed every meta row of the table per batch, and
// the delete seq-scanned the table; that was most of PostgreSQL's CPU per poll (bench:worker, 5,000 users:
// 0.70 → 0.33 ms). A row updated meanwhile no longer matches its ctid: that item reports a conflict and
// is redone, as a failed xmin check is. `ok` holds the items whose claim of the
// meta row succeeded, and only their sessions, removals and connection times are written. A step that
// writes no listen need not wait for the disk: should PostgreSQL crash, the state it loses is a little
// progress, replayed by the next poll as one longer step (a write that also inserts listens keeps the
// default, and it flushes everything before it).
const saveBatchStatement = preparedVariants(
  () => sql`with d as (
      select * from jsonb_to_recordset(${p("items")}::jsonb) as d(i int, user_id int, provider text, meta jsonb,
        version text, docs jsonb, gone jsonb, conn int, seen timestamptz)),
    m as (update ${playbackSessions} s set state = t.meta, updated_at = now()
      from (select d.i, d.meta, p.ctid as at from d cross join lateral (select ctid from ${playbackSessions} p
          where p.user_id = d.user_id and p.provider = d.provider and p.device_key = ${META_DEVICE}
            and p.xmin = d.version::xid limit 1) p
        where d.version is not null) t
      where s.ctid = t.at
      returning t.i),
    f as (insert into ${playbackSessions} (user_id, provider, device_key, state)
      select d.user_id, d.provider, ${META_DEVICE}, d.meta from d where d.version is null
      on conflict do nothing returning user_id, provider),
    ok as (select m.i from m union all
      select d.i from f join d on d.user_id = f.user_id and d.provider = f.provider and d.version is null),
    s as (insert into ${playbackSessions} (user_id, provider, device_key, state)
      select d.user_id, d.provider, x.device, x.state
        from ok join d on d.i = ok.i, jsonb_to_recordset(d.docs) as x(device text, state jsonb)
      on conflict (user_id, provider, device_key) do update set state = excluded.state, updated_at = now()),
    g as (delete from ${playbackSessions} s
      using (select p.ctid as at from ok join d on d.i = ok.i cross join lateral (select ctid
          from ${playbackSessions} p where p.user_id = d.user_id and p.provider = d.provider
            and p.device_key = any(array(select jsonb_array_elements_text(d.gone))) offset 0) p
        where jsonb_array_length(d.gone) > 0) t
      where s.ctid = t.at),
    c as (update ${connections} c set last_poll_at = d.seen, last_success_at = d.seen, last_error = null,
        updated_at = now()
      from ok join d on d.i = ok.i
      where c.id = d.conn and (c.last_error is not null or c.last_success_at is null
        or c.last_success_at < d.seen - make_interval(secs => ${SEEN_EVERY_S})))
    select (select array_agg(i) from ok) as ok, set_config('synchronous_commit', 'off', true)`,
);

const p = (name: string) => sql.placeholder(name);
const saveStatement = preparedVariants((variant: string) => {
  const has = (part: string) => variant.split(" ").includes(part);
  const claim = has("first")
    ? sql`insert into ${playbackSessions} (user_id, provider, device_key, state)
        values (${p("userId")}, ${p("provider")}, ${META_DEVICE}, ${p("meta")}::jsonb) on conflict do nothing returning 1`
    : sql`update ${playbackSessions} set state = ${p("meta")}::jsonb, updated_at = now()
        where user_id = ${p("userId")} and provider = ${p("provider")} and device_key = ${META_DEVICE}
          and xmin = ${p("version")}::xid returning 1`;
  const parts = [sql`m as (${claim})`];
  if (has("docs")) {
    parts.push(sql`s as (insert into ${playbackSessions} (user_id, provider, device_key, state)
      select ${p("userId")}, ${p("provider")}, d.device, d.state
        from jsonb_to_recordset(${p("docs")}::jsonb) as d(device text, state jsonb) where exists (select from m)
      on conflict (user_id, provider, device_key) do update set state = excluded.state, updated_at = now())`);
  }
  if (has("gone")) {
    parts.push(sql`g as (delete from ${playbackSessions}
      where user_id = ${p("userId")} and provider = ${p("provider")} and exists (select from m)
        and device_key in (select jsonb_array_elements_text(${p("gone")}::jsonb)))`);
  }
  if (has("seen")) {
    // Refreshed every SEEN_EVERY_S rather than every poll: the times are for people and health checks
    // (stale after 15 minutes), and a row write per poll is a good part of the database's work.
    parts.push(sql`c as (update ${connections} set last_poll_at = ${p("seenAt")}::timestamptz,
        last_success_at = ${p("seenAt")}::timestamptz, last_error = null, updated_at = now()
      where id = ${p("connectionId")} and exists (select from m) and (last_error is not null
        or last_success_at is null or last_success_at < ${p("seenAt")}::timestamptz - make_interval(secs => ${SEEN_EVERY_S})))`);
  }
  return sql`with ${sql.join(parts, sql`, `)} select (select count(*) from m)::int as n`;
});

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
    track: best.p.track,
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
  const rows: LiveRow[] = passes.map((p, i) => ({
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
      ...(p.unseenHeadMs ? { unseenHeadMs: p.unseenHeadMs } : {}),
    },
  }));
  const inserted = await db
    .insert(listens)
    .values(await linkToHistory(db, userId, rows))
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
    .returning({ id: listens.id, skipped: listens.skipped, duplicateOf: listens.duplicateOf });
  // The same song heard on the other service at the same time is one listen (§7.1).
  const counted = inserted.filter((r) => !r.skipped && r.duplicateOf == null);
  const linked = await linkAcrossSources(
    db,
    userId,
    counted.map((r) => r.id),
  );
  return {
    listensWritten: counted.length - linked,
    skippedWritten: inserted.filter((r) => r.skipped).length,
  };
}
