import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, RootDb } from "@/db/client";
import { type ImportFileDetails, importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { users } from "@/db/schema/users";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ImportRefused } from "./errors";
import { timed } from "./profile";
import { countRows, mapRow, rawRows } from "./read";
import type { ImportFormat, ImportRow, MapContext } from "./types";
import { ImportCancelled, prepareBatch, resolveExportedDuplicates, writeBatch } from "./write";

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

const BATCH_ROWS = 25_000;
const MAX_REPORT = 1000;

type FileRow = typeof importFiles.$inferSelect;

/** Pass 1: every file parses to its end (a truncated file fails the import before anything is written). */
async function validate(db: Db, files: FileRow[]): Promise<void> {
  for (const f of files) {
    if (f.rows !== null) continue;
    const n = await countRows({ path: f.path, entry: f.entry, format: f.format as ImportFormat });
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
  const root = path.join(env().DATA_DIR, "uploads");
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) {
    if (dir.startsWith(root + path.sep)) await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  }
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
  if (!imp) return "nothing to do";
  const files = await db
    .select()
    .from(importFiles)
    .where(eq(importFiles.importId, importId))
    .orderBy(asc(importFiles.position));
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
    log.error("import failed", { importId, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

async function importFilesFrom(db: Db, imp: typeof imports.$inferSelect, files: FileRow[], ctx: MapContext) {
  let counts: ImportCounts = { ...imp.counts };
  let position: { file: number; row: number } | null = imp.progress ?? null;
  let reportSize = imp.report?.length ?? 0;
  const start = imp.progress ?? { file: 0, row: 0 };
  const scope = {
    userId: imp.userId,
    importId: imp.id,
    ownExport: files.some((f) => f.format === "musictrace"),
    cache: new Map<string, number>(),
  };
  // Reading the next batch (of this file or the next) overlaps with writing this one; writes stay strictly
  // one after another, so a file's rows merge with every row of the files before it.
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const settle = async () => {
    await writing;
    if (failure) throw failure.error;
  };

  try {
    for (let fi = start.file; fi < files.length; fi++) {
      const file = files[fi] as FileRow;
      const format = file.format as ImportFormat;
      // Committed details, and the delta of the batch being read (added when that batch commits).
      let details: ImportFileDetails = { ...file.details };
      let delta: ImportFileDetails = {};
      const bump = (k: keyof ImportFileDetails, n = 1) => {
        delta[k] = (delta[k] ?? 0) + n;
      };
      const firstRow = fi === start.file ? start.row : 0;
      let batch: ImportRow[] = [];
      let pending = { read: 0, skipped: 0, rejected: 0 };
      let rejects: ReportEntry[] = [];

      const flush = async (nextRow: number, last: boolean) => {
        // Track ids resolve while the previous batch writes; its transaction starts once that one is done.
        const prepared = prepareBatch(db as RootDb, scope, batch);
        prepared.catch(() => {}); // handled below, through `writing`
        batch = [];
        await timed("wait-for-write", settle);
        const seen = pending;
        const rejected = rejects;
        const added = delta;
        pending = { read: 0, skipped: 0, rejected: 0 };
        rejects = [];
        delta = {};
        writing = timed("write", async () =>
          writeBatch(db as RootDb, scope, await prepared, async (tx, o) => {
            const merged: ImportFileDetails = { ...details };
            for (const [k, v] of Object.entries({
              ...added,
              shortPlays: (added.shortPlays ?? 0) + o.shortPlays,
            })) {
              if (v) merged[k as keyof ImportFileDetails] = (merged[k as keyof ImportFileDetails] ?? 0) + v;
            }
            const next = {
              read: counts.read + seen.read,
              imported: counts.imported + o.imported,
              duplicates: counts.duplicates + o.duplicates,
              skipped: counts.skipped + seen.skipped + o.shortPlays,
              rejected: counts.rejected + seen.rejected,
            };
            const room = rejected.slice(0, Math.max(0, MAX_REPORT - reportSize));
            const progress = last ? { file: fi + 1, row: 0 } : { file: fi, row: nextRow };
            const moved = await tx
              .update(imports)
              .set({
                counts: next,
                progress,
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
            await tx.update(importFiles).set({ details: merged }).where(eq(importFiles.id, file.id));
            // Only now (inside the committing transaction's callback, after every statement succeeded).
            position = progress;
            counts = next;
            details = merged;
            reportSize += room.length;
          }),
        ).then(
          () => undefined,
          (error: unknown) => {
            failure = { error };
          },
        );
      };

      let index = 0;
      for await (const raw of rawRows({ path: file.path, entry: file.entry, format })) {
        const row = index++;
        if (row < firstRow) continue;
        pending.read++;
        if ("error" in raw) {
          pending.rejected++;
          rejects.push({ file: file.name, row: row + 1, reason: raw.error });
        } else {
          if (raw.redecoded) bump("reDecoded");
          const m = mapRow(format, raw.value, ctx);
          if ("row" in m) batch.push(m.row);
          else if ("skip" in m) {
            pending.skipped++;
            bump(m.skip);
          } else {
            pending.rejected++;
            rejects.push({ file: file.name, row: row + 1, reason: m.reject });
          }
        }
        if (pending.read >= BATCH_ROWS) {
          // A failed write surfaces here rather than after the whole file is read.
          await flush(row + 1, false);
        }
      }
      await flush(index, true);
    }
    await settle();
  } finally {
    // Never leave a write running behind a parse error.
    await writing;
  }
}

export async function markImportFailed(db: Db, importId: number, message: string): Promise<void> {
  await db
    .update(imports)
    .set({ status: "failed", error: message, finishedAt: new Date() })
    .where(and(eq(imports.id, importId), inArray(imports.status, ["queued", "running"])));
}
