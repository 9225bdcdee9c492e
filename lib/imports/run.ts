import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, RootDb } from "@/db/client";
import { type ImportFileDetails, importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { users } from "@/db/schema/users";
import { log } from "@/lib/log";
import { overBudget, yieldToLoop } from "@/lib/yield";
import { ImportRefused } from "./errors";
import { timed } from "./profile";
import { removeUploadDirs } from "./quota";
import { countRows, mapRow, rawRows } from "./read";
import type { ImportFormat, ImportRow, MapContext } from "./types";
import {
  type BatchOutcome,
  combineBatches,
  ImportCancelled,
  type PreparedBatch,
  prepareBatch,
  resolveExportedDuplicates,
  writeBatch,
} from "./write";

/** Another runner of the same import committed first (two processes resumed it): this one steps back. */
class ImportSuperseded extends ImportCancelled {}

export type ImportCounts = {
  read: number;
  imported: number;
  duplicates: number;
  skipped: number;
  rejected: number;
};
type ReportEntry = { row: number; file?: string; reason: string };

// Rows read, mapped and prepared at a time: bounds the memory a batch of parsed rows holds.
const CHUNK_ROWS = 25_000;
// Rows per write (one transaction, one insert statement): the rollup triggers run once per statement and
// cost by the distinct tracks and groups it touches, not by its rows, so four chunks in one statement store
// a history markedly faster than four statements (measured: 100k rows 4.7 s against 4 × 25k 5.8 s).
const WRITE_ROWS = 100_000;
const MAX_REPORT = 1000;

type FileRow = typeof importFiles.$inferSelect;

/** Pass 1: every file parses to its end (a truncated file fails the import before anything is written). */
async function validate(db: Db, files: FileRow[]): Promise<void> {
  for (const f of files) {
    if (f.rows !== null) continue;
    const n = await countRows({ path: f.path, entry: f.entry, format: f.format as ImportFormat }).catch(
      (err: unknown) => {
        // The import may hold many files: the message says which one to fix.
        throw err instanceof ImportRefused ? new ImportRefused(`${f.name}: ${err.message}`, err.code) : err;
      },
    );
    await db.update(importFiles).set({ rows: n }).where(eq(importFiles.id, f.id));
    f.rows = n;
  }
}

async function finish(db: Db, importId: number, set: Partial<typeof imports.$inferInsert>, files: FileRow[]) {
  await db
    .update(imports)
    .set({ ...set, finishedAt: new Date() })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
  // Uploads live only as long as their import can still resume.
  await removeUploadDirs(files);
}

/**
 * The import job: validate, then stream every file in batches, each committed together with the counts
 * and the resume position. Safe to call again after a crash (it resumes), after a cancel or at the end
 * (it does nothing).
 */
export async function runImport(db: Db, importId: number): Promise<string> {
  const [imp] = await db
    .update(imports)
    .set({ status: "running", startedAt: sql`coalesce(${imports.startedAt}, now())` })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])))
    .returning();
  const files = await db
    .select()
    .from(importFiles)
    .where(eq(importFiles.importId, importId))
    .orderBy(asc(importFiles.position));
  if (!imp) {
    // Finished, failed or cancelled before it ran (or a second runner came late): only its upload is left.
    if (!(await isOpen(db, importId))) await removeUploadDirs(files);
    return "nothing to do";
  }
  const [user] = await db.select({ keep: users.keepIncognito }).from(users).where(eq(users.id, imp.userId));
  const ctx: MapContext = { now: Date.now(), keepIncognito: user?.keep ?? false };
  try {
    if (!imp.progress) await timed("validate", () => validate(db, files));
    await importFilesFrom(db, imp, files, ctx);
    if (files.some((f) => f.format === "musictrace"))
      await resolveExportedDuplicates(db as RootDb, imp.userId, importId);
    await finish(db, importId, { status: "done", error: null }, files);
    return "done";
  } catch (err) {
    if (err instanceof ImportSuperseded) return "superseded";
    if (err instanceof ImportCancelled) {
      await finish(db, importId, {}, files);
      return "cancelled";
    }
    if (err instanceof ImportRefused) {
      await finish(db, importId, { status: "failed", error: err.message }, files);
      return "failed";
    }
    // Another runner of the same import (two processes resumed it) ended it meanwhile and removed its
    // upload, which this one was still reading: not a failure of this import.
    if (!(await isOpen(db, importId))) return "superseded";
    log.error("import failed", { importId, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** Whether the import is still queued or running. */
async function isOpen(db: Db, importId: number): Promise<boolean> {
  const [open] = await db
    .select({ id: imports.id })
    .from(imports)
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
  return open !== undefined;
}

/** Rows read since the last write, prepared in chunks, and what their commit must record. */
type Pending = {
  format: ImportFormat | null;
  chunks: Promise<PreparedBatch>[];
  // Keys already in this write's chunks: a key twice in one insert statement must count once.
  keys: Set<string>;
  read: number;
  skipped: number;
  rejected: number;
  rejects: ReportEntry[];
  // Skip reasons counted while reading, by file position (added when the write commits).
  details: Map<number, ImportFileDetails>;
  // Where to resume once this write commits; null while nothing was read since the last write.
  progress: { file: number; row: number } | null;
};

const emptyPending = (format: ImportFormat | null): Pending => ({
  format,
  chunks: [],
  keys: new Set(),
  read: 0,
  skipped: 0,
  rejected: 0,
  rejects: [],
  details: new Map(),
  progress: null,
});

function addDetails(into: ImportFileDetails, add: ImportFileDetails): ImportFileDetails {
  const out = { ...into };
  for (const [k, v] of Object.entries(add) as [keyof ImportFileDetails, number][]) {
    if (v) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

async function importFilesFrom(db: Db, imp: typeof imports.$inferSelect, files: FileRow[], ctx: MapContext) {
  let counts: ImportCounts = { ...imp.counts };
  let position: { file: number; row: number } | null = imp.progress ?? null;
  let reportSize = imp.report?.length ?? 0;
  const committedDetails = new Map(files.map((f, i) => [i, f.details]));
  const start = imp.progress ?? { file: 0, row: 0 };
  const scope = {
    userId: imp.userId,
    importId: imp.id,
    ownExport: files.some((f) => f.format === "musictrace"),
    cache: new Map<string, number>(),
  };
  // Reading the next rows (of this file or the next) overlaps with writing the last ones; writes stay
  // strictly one after another, and files of different formats never share one, so a file's rows merge
  // with every row of the files before it.
  let writing: Promise<void> = Promise.resolve();
  // Chunks resolve their tracks one after another, beside the write: each holds a pool connection through
  // its catalog transactions, and side by side they only queued on the user's claims lock while holding
  // connections the web's requests wait for (without Redis the import shares the web's pool).
  let preparing: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await writing;
    if (failure) throw failure.error;
  };
  let pending = emptyPending(null);
  // The first write starts after one chunk, so the database is busy while the rest is read.
  let writeAt = CHUNK_ROWS;

  const write = async () => {
    const w = pending;
    pending = emptyPending(w.format);
    if (!w.progress) return;
    writeAt = WRITE_ROWS;
    await timed("wait-for-write", settle);
    const checkpoint = async (tx: RootDb, o: BatchOutcome) => {
      const next = {
        read: counts.read + w.read,
        imported: counts.imported + o.imported,
        duplicates: counts.duplicates + o.duplicates,
        skipped: counts.skipped + w.skipped + [...o.shortPlays.values()].reduce((a, b) => a + b, 0),
        rejected: counts.rejected + w.rejected,
      };
      const room = w.rejects.slice(0, Math.max(0, MAX_REPORT - reportSize));
      const moved = await tx
        .update(imports)
        .set({
          counts: next,
          progress: w.progress,
          ...(room.length && {
            report: sql`coalesce(${imports.report}, '[]'::jsonb) || ${JSON.stringify(room)}::jsonb`,
          }),
        })
        .where(
          and(
            eq(imports.id, imp.id),
            position
              ? sql`${imports.progress} = ${JSON.stringify(position)}::jsonb`
              : isNull(imports.progress),
          ),
        )
        .returning({ id: imports.id });
      if (!moved.length) throw new ImportSuperseded();
      const touched = new Set([...w.details.keys(), ...o.shortPlays.keys()]);
      const merged = new Map<number, ImportFileDetails>();
      for (const fi of touched) {
        const details = addDetails(addDetails(committedDetails.get(fi) ?? {}, w.details.get(fi) ?? {}), {
          shortPlays: o.shortPlays.get(fi) ?? 0,
        });
        merged.set(fi, details);
        await tx
          .update(importFiles)
          .set({ details })
          .where(eq(importFiles.id, (files[fi] as FileRow).id));
      }
      // Only now (inside the committing transaction's callback, after every statement succeeded).
      position = w.progress;
      counts = next;
      for (const [fi, d] of merged) committedDetails.set(fi, d);
      reportSize += room.length;
    };
    // The write holds the combined batch only until it is staged; `w` (kept for the checkpoint) lets go.
    const batch = Promise.all(w.chunks).then(combineBatches);
    w.chunks = [];
    writing = timed("write", async () => writeBatch(db as RootDb, scope, await batch, checkpoint)).then(
      () => undefined,
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  try {
    for (let fi = start.file; fi < files.length; fi++) {
      const file = files[fi] as FileRow;
      const format = file.format as ImportFormat;
      if (pending.format !== format) await write();
      pending.format = format;
      const firstRow = fi === start.file ? start.row : 0;
      const bump = (k: keyof ImportFileDetails) => {
        const d = pending.details.get(fi) ?? {};
        d[k] = (d[k] ?? 0) + 1;
        pending.details.set(fi, d);
      };
      let chunk: ImportRow[] = [];
      let chunkRead = 0;
      // Track ids resolve while the previous write runs; a write starts once it has WRITE_ROWS rows.
      const cut = async (progress: { file: number; row: number }) => {
        const [rows, keys] = [chunk, pending.keys];
        const prepared = preparing.then(() => prepareBatch(db as RootDb, scope, rows, fi, keys));
        preparing = prepared.catch(() => {}); // the write awaits it and reports its failure
        pending.chunks.push(prepared);
        pending.progress = progress;
        chunk = [];
        chunkRead = 0;
        if (pending.read >= writeAt) await write();
      };

      let index = 0;
      for await (const raw of rawRows({ path: file.path, entry: file.entry, format })) {
        // Without Redis this runs on the web's event loop: a chunk of file parses without ever waiting.
        if ((index & 255) === 0 && overBudget()) await yieldToLoop();
        const row = index++;
        if (row < firstRow) continue;
        pending.read++;
        chunkRead++;
        if ("error" in raw) {
          pending.rejected++;
          pending.rejects.push({ file: file.name, row: row + 1, reason: raw.error });
        } else {
          if (raw.redecoded) bump("reDecoded");
          const m = mapRow(format, raw.value, ctx);
          if ("row" in m) chunk.push(m.row);
          else if ("skip" in m) {
            pending.skipped++;
            bump(m.skip);
          } else {
            pending.rejected++;
            pending.rejects.push({ file: file.name, row: row + 1, reason: m.reject });
          }
        }
        // A failed write surfaces here rather than after the whole file is read.
        if (chunkRead >= CHUNK_ROWS) await cut({ file: fi, row: row + 1 });
      }
      await cut({ file: fi + 1, row: 0 });
    }
    await write();
    await settle();
  } finally {
    // Never leave a write running behind a parse error.
    await writing;
  }
}

export const IMPORT_STOPPED = "The import stopped because of an internal error.";

export async function markImportFailed(db: Db, importId: number, message: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", error: message, finishedAt: new Date() })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
}
