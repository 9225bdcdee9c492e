import { sql } from "drizzle-orm";
import type { TransactionSql } from "postgres";
import type { RootDb } from "@/db/client";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";
import { breathe } from "@/lib/yield";
import { applyMergesSql, type MergeScope, markMerges } from "./merge";
import { timed } from "./profile";
import { copyText, type StagedRow, stageRows } from "./stage";
import type { ImportRow } from "./types";

/** What a write stored: counted listens and short plays (skips) per file position, duplicates in all. */
export type BatchOutcome = { imported: number; duplicates: number; shortPlays: Map<number, number> };

// Rows marked -1 are duplicates in our own export whose canonical listen may come in a later batch; the
// rollup triggers ignore them (duplicate_of is not null) until resolveExportedDuplicates links them.
const PENDING_DUPLICATE = -1;

export class ImportCancelled extends Error {}

/** Track ids for a batch, through a per-import cache: a history repeats the same few thousand songs. */
async function trackIds(
  db: RootDb,
  userId: number,
  rows: ImportRow[],
  cache: Map<string, number>,
): Promise<number[]> {
  const cacheKey = (t: TrackInput) =>
    t.externalId
      ? `${t.provider}\u0000${t.externalId}`
      : `~${t.title}\u0000${t.artists.map((a) => a.name).join("\u0001")}\u0000${t.album?.title ?? ""}\u0000${t.durationMs ?? ""}`;
  const keys: string[] = [];
  const missing = new Map<string, TrackInput>();
  for (const r of rows) {
    if ((keys.length & 63) === 0) await breathe();
    const k = cacheKey(r.track);
    keys.push(k);
    if (!cache.has(k) && !missing.has(k)) missing.set(k, r.track);
  }
  if (missing.size) {
    // The file's ids and names are this user's claims (lib/catalog/claims.ts), never shared as they are.
    const ids = await upsertTracks(db, [...missing.values()], { claimedBy: userId });
    [...missing.keys()].forEach((k, i) => {
      cache.set(k, ids[i] as number);
    });
    if (cache.size > 200_000) cache.clear();
  }
  return keys.map((k) => cache.get(k) as number);
}

/** The postgres.js transaction under a Drizzle one (COPY has no Drizzle API). */
const rawClient = (tx: unknown) => (tx as { session: { client: TransactionSql } }).session.client;

export type ImportScope = {
  userId: number;
  importId: number;
  ownExport: boolean;
  cache: Map<string, number>;
};
export type PreparedBatch = {
  rows: number;
  copy: Buffer[];
  span: MergeScope["span"];
  family: MergeScope["family"];
};

/**
 * What can be done before the batch's transaction (run.ts does it while the previous batch writes): drop
 * rows whose key an earlier chunk of the same write already holds (`seen`), resolve track ids (creating
 * tracks as needed), shape the rows for staging. `file` is the rows' file position.
 */
export async function prepareBatch(
  db: RootDb,
  p: ImportScope,
  batch: ImportRow[],
  file: number,
  seen: Set<string>,
): Promise<PreparedBatch> {
  const rows: ImportRow[] = [];
  for (const r of batch) {
    if (seen.has(r.key)) continue;
    seen.add(r.key);
    rows.push(r);
  }
  const ids = rows.length ? await timed("tracks", () => trackIds(db, p.userId, rows, p.cache)) : [];
  const staged: StagedRow[] = [];
  for (const [i, r] of rows.entries()) {
    if ((i & 255) === 0) await breathe();
    staged.push({
      k: r.key,
      t: ids[i] as number,
      src: r.source,
      org: r.origin,
      s: r.startedAt,
      e: r.endedAt,
      ms: r.msPlayed,
      sk: r.skipped,
      sp: r.spotifyPlayedAt ?? null,
      d: r.duplicateOfKey ? PENDING_DUPLICATE : null,
      x: r.duplicateOfKey ? { ...r.extra, dupOfKey: r.duplicateOfKey } : r.extra,
      f: file,
    });
  }
  if (!staged.length) return { rows: batch.length, copy: [], span: { from: 0, to: 0 }, family: null };
  return { rows: batch.length, copy: await copyText(staged), span: span(staged), family: family(staged) };
}

/** Several prepared chunks as one batch (one transaction, one insert statement). */
export function combineBatches(chunks: PreparedBatch[]): PreparedBatch {
  const filled = chunks.filter((c) => c.copy.length);
  const first = filled[0];
  const rows = chunks.reduce((n, c) => n + c.rows, 0);
  if (!first) return { rows, copy: [], span: { from: 0, to: 0 }, family: null };
  const same = (a: PreparedBatch["family"], b: PreparedBatch["family"]) =>
    a !== null && b !== null && a.org === b.org && a.src === b.src && a.fmt === b.fmt;
  return {
    rows,
    copy: filled.flatMap((c) => c.copy),
    span: {
      from: Math.min(...filled.map((c) => c.span.from)),
      to: Math.max(...filled.map((c) => c.span.to)),
    },
    family: filled.every((c) => same(c.family, first.family)) ? first.family : null,
  };
}

/**
 * One batch in one transaction: stage the rows (COPY), mark the ones that merge with listens that came
 * another way, insert (ON CONFLICT DO NOTHING on the user's dedup key), apply the merges, and run
 * `checkpoint` (counts + resume position) in the same transaction, so a restart resumes exactly after the
 * last committed batch. (Dropping stored rows from the stage first, to insert without ON CONFLICT, measured
 * slower: bench:import 27.6 s against 21.4 s.)
 */
export async function writeBatch(
  db: RootDb,
  p: ImportScope,
  prepared: PreparedBatch,
  checkpoint: (tx: RootDb, outcome: BatchOutcome) => Promise<void>,
): Promise<BatchOutcome> {
  return timed("transaction", () =>
    db.transaction(async (tx) => {
      // One writer per user at a time, so two imports (or an import and its retry) cannot both miss a match.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:listens'), ${p.userId})`);
      const status = (await tx.execute(
        sql`select status from imports where id = ${p.importId} for update`,
      )) as unknown as {
        status: string;
      }[];
      if (status[0]?.status !== "running") throw new ImportCancelled();
      // For this transaction only: the triggers' transition tables and the merge's joins hold a whole
      // batch, keep them in memory; a batch lost with the last moments before a crash is lost with its
      // checkpoint and the resume writes it again, so the commit need not wait for the disk; statistics lag
      // a bulk import by a minute (autovacuum) and with them stale the planner may scan all of the user's
      // listens once per batch or per row, so the merge must walk an index.
      await tx.execute(sql`
        select set_config('work_mem', '64MB', true), set_config('synchronous_commit', 'off', true),
          set_config('enable_seqscan', 'off', true)`);
      const staged = prepared.copy.length > 0;
      await timed("stage", async () => {
        await stageRows(rawClient(tx), prepared.copy);
        // Row counts for the planner (a fresh temp table has none), so the merge update probes by id.
        await tx.execute(sql`analyze import_stage (k)`);
        await followMergedTracks(tx as unknown as RootDb);
      });
      const matched = staged
        ? await timed("merge-find", () =>
            markMerges(tx, {
              userId: p.userId,
              importId: p.importId,
              excludeOwnImport: p.ownExport,
              span: prepared.span,
              family: prepared.family,
            }),
          )
        : 0;
      // Back on for the insert, whose triggers plan their own statements (the stage's statistics keep the
      // merge update on the primary key).
      await tx.execute(sql`select set_config('enable_seqscan', 'on', true)`);
      // One statement inserts and applies the merges (the update reads the new ids from RETURNING).
      // Kept: inserted, canonical and not merged (a merged row that wins still counts as a duplicate).
      const insert = sql`
        insert into listens (user_id, track_id, source, origin, started_at, ended_at, ms_played, skipped,
          dedup_key, spotify_played_at, duplicate_of, import_id, extra)
        select ${p.userId}, u.t, u.src, u.org, u.s, u.e, u.ms, u.sk, u.k, u.sp, u.d, ${p.importId}, u.x
        from import_stage u
        on conflict (user_id, dedup_key) do nothing
        returning id, dedup_key, skipped, duplicate_of`;
      // Per file: counted listens and short plays among the rows stored (the stage says which file).
      const tally = sql`
        select s.f, count(*) filter (where not ins.skipped)::int as counted,
          count(*) filter (where ins.skipped)::int as short
        from ins join import_stage s on s.k = ins.dedup_key where ins.duplicate_of is null`;
      const perFile = (await timed("insert", () =>
        tx.execute(
          matched
            ? sql`
              with ins as (${insert}),
              p as materialized (
                select ins.id as n, s.o, s.w, s.ms, s.x as extra
                from ins join import_stage s on s.k = ins.dedup_key where s.o is not null
              ),
              merged as (${applyMergesSql(p.userId)})
              ${tally} and not exists (select 1 from p where p.n = ins.id) group by s.f`
            : sql`with ins as (${insert}) ${tally} group by s.f`,
        ),
      )) as unknown as { f: number; counted: number; short: number }[];
      const imported = perFile.reduce((n, r) => n + r.counted, 0);
      const short = perFile.reduce((n, r) => n + r.short, 0);
      const outcome: BatchOutcome = {
        imported,
        duplicates: prepared.rows - imported - short,
        shortPlays: new Map(perFile.map((r) => [r.f, r.short])),
      };
      await timed("checkpoint", () => checkpoint(tx as unknown as RootDb, outcome));
      return outcome;
    }),
  );
}

/**
 * Track ids resolved before the batch's transaction may have been merged away since (a provider call
 * verified a claim of this import, an admin merged two tracks): the rows go to the survivor. The staged
 * tracks are locked first (as the insert's foreign key check would), so a merge in flight finishes before
 * the redirects are read and none can start before the insert; a survivor is locked after its redirect.
 */
async function followMergedTracks(tx: RootDb): Promise<void> {
  const lock = sql`select 1 from tracks where id in (select distinct t from import_stage) order by id for key share`;
  await tx.execute(lock);
  const moved = (await tx.execute(sql`
    update import_stage u set t = m.keep_id from track_merges m where m.drop_id = u.t
    returning 1`)) as unknown as unknown[];
  if (moved.length) await tx.execute(lock);
}

/** The batch's time span, wide enough for every row's interval (a row without end or length: a day). */
function span(rows: StagedRow[]): { from: number; to: number } {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    from = Math.min(from, r.s);
    to = Math.max(to, r.e ?? r.s + (r.ms ?? 86_400_000));
  }
  return { from, to };
}

/** The (origin, source, family) every row of the batch shares, if they share one. */
function family(rows: StagedRow[]): { org: string; src: string; fmt: string } | null {
  const fmtOf = (r: StagedRow) => (typeof r.x.fmt === "string" ? r.x.fmt : "");
  const first = rows[0] as StagedRow;
  const f = { org: first.org, src: first.src, fmt: fmtOf(first) };
  return rows.every((r) => r.org === f.org && r.src === f.src && fmtOf(r) === f.fmt) ? f : null;
}

/** Our own export's duplicates point at their canonical listen once every row is in. */
export async function resolveExportedDuplicates(db: RootDb, userId: number, importId: number): Promise<void> {
  await db.execute(sql`
    update listens l set duplicate_of = c.id
    from listens c
    where l.user_id = ${userId} and l.import_id = ${importId} and l.duplicate_of = ${PENDING_DUPLICATE}
      and c.user_id = ${userId} and c.dedup_key = l.extra->>'dupOfKey'`);
  // A canonical listen missing from the file: the row counts on its own rather than vanish.
  await db.execute(sql`
    update listens set duplicate_of = null
    where user_id = ${userId} and import_id = ${importId} and duplicate_of = ${PENDING_DUPLICATE}`);
}
