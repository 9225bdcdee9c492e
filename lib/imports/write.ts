import { sql } from "drizzle-orm";
import type { RootDb } from "@/db/client";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";
import { applyMerges, findMerges } from "./merge";
import type { ImportRow } from "./types";

export type BatchOutcome = { imported: number; duplicates: number; shortPlays: number };

// Rows marked -1 are duplicates in our own export whose canonical listen may come in a later batch; the
// rollup triggers ignore them (duplicate_of is not null) until resolveExportedDuplicates links them.
const PENDING_DUPLICATE = -1;

export class ImportCancelled extends Error {}

/** Track ids for a batch, through a per-import cache: a history repeats the same few thousand songs. */
async function trackIds(db: RootDb, rows: ImportRow[], cache: Map<string, number>): Promise<number[]> {
  const cacheKey = (t: TrackInput) =>
    t.externalId
      ? `${t.provider}\u0000${t.externalId}`
      : `~${t.title}\u0000${t.artists.map((a) => a.name).join("\u0001")}\u0000${t.album?.title ?? ""}\u0000${t.durationMs ?? ""}`;
  const keys = rows.map((r) => cacheKey(r.track));
  const missing = new Map<string, TrackInput>();
  keys.forEach((k, i) => {
    if (!cache.has(k) && !missing.has(k)) missing.set(k, (rows[i] as ImportRow).track);
  });
  if (missing.size) {
    const ids = await upsertTracks(db, [...missing.values()]);
    [...missing.keys()].forEach((k, i) => {
      cache.set(k, ids[i] as number);
    });
    if (cache.size > 200_000) cache.clear();
  }
  return keys.map((k) => cache.get(k) as number);
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/**
 * One batch in one transaction: insert (ON CONFLICT DO NOTHING on the user's dedup key), merge with
 * listens that came another way, and run `checkpoint` (counts + resume position) in the same transaction,
 * so a restart resumes exactly after the last committed batch.
 */
export async function writeBatch(
  db: RootDb,
  p: { userId: number; importId: number; ownExport: boolean; cache: Map<string, number> },
  batch: ImportRow[],
  checkpoint: (tx: RootDb, outcome: BatchOutcome) => Promise<void>,
): Promise<BatchOutcome> {
  const unique = new Map<string, ImportRow>();
  for (const r of batch) if (!unique.has(r.key)) unique.set(r.key, r);
  const rows = [...unique.values()];
  const ids = rows.length ? await trackIds(db, rows, p.cache) : [];
  const data = rows.map((r, i) => ({
    k: r.key,
    t: ids[i],
    src: r.source,
    org: r.origin,
    s: iso(r.startedAt),
    e: iso(r.endedAt),
    ms: r.msPlayed,
    sk: r.skipped,
    sp: iso(r.spotifyPlayedAt),
    d: r.duplicateOfKey ? PENDING_DUPLICATE : (null as number | null),
    x: r.duplicateOfKey ? { ...r.extra, dupOfKey: r.duplicateOfKey } : r.extra,
  }));
  return db.transaction(async (tx) => {
    // One writer per user at a time, so two imports (or an import and its retry) cannot both miss a match.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:listens'), ${p.userId})`);
    const status = (await tx.execute(
      sql`select status from imports where id = ${p.importId} for update`,
    )) as unknown as {
      status: string;
    }[];
    if (status[0]?.status !== "running") throw new ImportCancelled();
    // Statistics lag a bulk import by a minute (autovacuum); with them stale the planner may scan all of
    // the user's listens once per new row. The merge must walk the (user_id, started_at) index instead.
    await tx.execute(sql`set local enable_seqscan = off`);
    const pairs = await findMerges(tx, {
      userId: p.userId,
      importId: p.importId,
      rows: data
        .filter((d) => d.d === null && d.s !== null)
        .map((d) => ({
          k: d.k,
          t: d.t as number,
          s: d.s as string,
          e: d.e,
          ms: d.ms,
          org: d.org,
          src: d.src,
          fmt: String(d.x.fmt ?? ""),
        })),
      excludeOwnImport: p.ownExport,
    });
    await tx.execute(sql`set local enable_seqscan = on`);
    const pairByKey = new Map(pairs.map((m) => [m.k, m]));
    for (const d of data) {
      const m = pairByKey.get(d.k);
      if (m && !m.newWins) d.d = m.o;
    }
    const inserted = rows.length
      ? ((await tx.execute(sql`
          insert into listens (user_id, track_id, source, origin, started_at, ended_at, ms_played, skipped,
            dedup_key, spotify_played_at, duplicate_of, import_id, extra)
          select ${p.userId}, u.t, u.src, u.org, u.s, u.e, u.ms, u.sk, u.k, u.sp, u.d, ${p.importId}, u.x
          from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as u(k text, t int, src text, org text,
            s timestamptz, e timestamptz, ms int, sk boolean, sp timestamptz, d bigint, x jsonb)
          on conflict (user_id, dedup_key) do nothing
          returning id, dedup_key, skipped, duplicate_of`)) as unknown as {
          id: string | number;
          dedup_key: string;
          skipped: boolean;
          duplicate_of: unknown;
        }[])
      : [];
    const applied = inserted.flatMap((r) => {
      const m = pairByKey.get(r.dedup_key);
      return m ? [{ n: Number(r.id), o: m.o, w: m.newWins }] : [];
    });
    await applyMerges(tx, p.userId, applied);
    const kept = inserted.filter((r) => r.duplicate_of === null && !pairByKey.has(r.dedup_key));
    const shortPlays = kept.filter((r) => r.skipped).length;
    const outcome: BatchOutcome = {
      imported: kept.length - shortPlays,
      duplicates: batch.length - kept.length,
      shortPlays,
    };
    await checkpoint(tx as unknown as RootDb, outcome);
    return outcome;
  });
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
