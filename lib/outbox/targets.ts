/**
 * A user's forwarding targets: connect (ListenBrainz by token, Last.fm by its web auth), disconnect, status
 * for Settings, and the opt-in back-fill. Secrets are encrypted here and decrypted only by the sender.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type OutboxKind, outboxTargets } from "@/db/schema";
import { consumeOAuthState, createOAuthState } from "@/lib/connections/oauth-state";
import { encrypt } from "@/lib/crypto";
import { env } from "@/lib/env";
import { BadRequest } from "@/lib/errors";
import { enqueueOutbox } from "@/lib/jobs/enqueue";
import { OutboxError } from "./errors";
import { LASTFM_MAX_AGE_MS, lastfmAuthUrl, lastfmConfigured, lastfmSession } from "./lastfm";
import { validateLbToken } from "./listenbrainz";

async function save(db: Db, userId: number, kind: OutboxKind, secret: string, accountName: string) {
  const values = { secretEnc: encrypt(secret), accountName, status: "active" as const, lastError: null };
  const [row] = await db
    .insert(outboxTargets)
    .values({ userId, kind, ...values })
    .onConflictDoUpdate({
      target: [outboxTargets.userId, outboxTargets.kind],
      set: { ...values, failures: 0, retryAt: null },
    })
    .returning({ id: outboxTargets.id });
  // A reconnect after a pause sends what waited, starting with the batch that was in flight.
  if (row) await enqueueOutbox(row.id);
}

/** Checks the token with ListenBrainz before keeping it; a wrong one is a 400 naming the field. */
export async function connectListenBrainz(
  db: Db,
  userId: number,
  token: string,
): Promise<{ accountName: string }> {
  let name: string | null;
  try {
    name = await validateLbToken(token);
  } catch (err) {
    if (err instanceof OutboxError)
      throw new BadRequest("ListenBrainz could not be reached; try again.", "token");
    throw err;
  }
  if (!name) throw new BadRequest("ListenBrainz does not accept this token.", "token");
  await save(db, userId, "listenbrainz", token, name);
  return { accountName: name };
}

export async function startLastfmConnect(db: Db, userId: number): Promise<string> {
  const state = await createOAuthState(db, userId, "lastfm", "");
  // Last.fm appends `token` to the callback we give it; our `state` rides along and binds it to this session.
  return lastfmAuthUrl(`${env().APP_URL}/lastfm/callback?state=${encodeURIComponent(state)}`);
}

export type LastfmOutcome = { ok: true } | { ok: false; code: "state" | "denied" | "unavailable" };

export async function finishLastfmConnect(
  db: Db,
  userId: number,
  p: { state?: string | null; token?: string | null },
): Promise<LastfmOutcome> {
  const consumed = await consumeOAuthState(db, userId, "lastfm", p.state);
  if (!consumed.ok) return { ok: false, code: "state" };
  if (!p.token) return { ok: false, code: "denied" };
  try {
    const session = await lastfmSession(p.token);
    await save(db, userId, "lastfm", session.key, session.name);
    return { ok: true };
  } catch (err) {
    if (!(err instanceof OutboxError)) throw err;
    return { ok: false, code: err.kind === "auth" ? "denied" : "unavailable" };
  }
}

export async function disconnectTarget(db: Db, userId: number, kind: OutboxKind): Promise<void> {
  await db.delete(outboxTargets).where(and(eq(outboxTargets.userId, userId), eq(outboxTargets.kind, kind)));
}

/**
 * Queues the user's existing history for one target, once: listens already queued or sent are skipped, as
 * are those that came from that service's own export. Last.fm takes only the last 14 days (it ignores older).
 */
export async function startBackfill(db: Db, userId: number, kind: OutboxKind): Promise<{ queued: number }> {
  const [target] = await db
    .select()
    .from(outboxTargets)
    .where(and(eq(outboxTargets.userId, userId), eq(outboxTargets.kind, kind)));
  if (!target) throw new BadRequest("Not connected.", "kind");
  const since = kind === "lastfm" ? new Date(Date.now() - LASTFM_MAX_AGE_MS) : new Date(0);
  const rows = await db.execute(sql`
    insert into outbox_items (target_id, listen_id, backfill)
    select ${target.id}, l.id, true from listens l
    where l.user_id = ${userId} and not l.skipped and l.duplicate_of is null and l.started_at >= ${since.toISOString()}::timestamptz
      and (l.import_id is null or not exists (
        select 1 from import_files f where f.import_id = l.import_id and f.format like ${`${kind}%`}))
    on conflict do nothing`);
  const queued = (rows as unknown as { count?: number }).count ?? 0;
  await db
    .update(outboxTargets)
    .set({ backfillTotal: sql`coalesce(${outboxTargets.backfillTotal}, 0) + ${queued}` })
    .where(eq(outboxTargets.id, target.id));
  await enqueueOutbox(target.id);
  return { queued };
}

export type TargetStatus = {
  kind: OutboxKind;
  accountName: string;
  status: "active" | "paused";
  lastError: string | null;
  lastSentAt: string | null;
  sentCount: number;
  backlog: number;
  backfill: { total: number; done: number } | null;
};

/** What Settings shows; never the secret. */
export async function targetStatuses(
  db: Db,
  userId: number,
): Promise<{ lastfmAvailable: boolean; targets: TargetStatus[] }> {
  const rows = (await db.execute(sql`
    select t.kind, t.account_name, t.status, t.last_error, t.last_sent_at, t.sent_count, t.backfill_total,
      (select count(*) from outbox_items i where i.target_id = t.id and i.sent_at is null)::int as backlog,
      (select count(*) from outbox_items i where i.target_id = t.id and i.backfill and i.sent_at is not null)::int as backfilled
    from outbox_targets t where t.user_id = ${userId} order by t.kind`)) as unknown as {
    kind: OutboxKind;
    account_name: string;
    status: "active" | "paused";
    last_error: string | null;
    last_sent_at: Date | string | null;
    sent_count: number;
    backfill_total: number | null;
    backlog: number;
    backfilled: number;
  }[];
  return {
    lastfmAvailable: lastfmConfigured(),
    targets: rows.map((r) => ({
      kind: r.kind,
      accountName: r.account_name,
      status: r.status,
      lastError: r.last_error,
      lastSentAt: r.last_sent_at ? new Date(r.last_sent_at).toISOString() : null,
      sentCount: r.sent_count,
      backlog: r.backlog,
      backfill: r.backfill_total ? { total: r.backfill_total, done: r.backfilled } : null,
    })),
  };
}
