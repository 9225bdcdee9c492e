import fs from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { jobIds, QUEUES } from "@/lib/jobs/contract";
import { enqueueImport } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { uploadsRoot } from "./quota";
import { IMPORT_STOPPED, markImportFailed } from "./run";

export const LOST_UPLOAD =
  "The uploaded files of this import are gone (the server stopped while it ran and its upload was lost). Listens already imported stay; upload the files again to import the rest.";

// A folder touched this recently may be an upload still streaming in (another web process on the same
// DATA_DIR); an upload in progress writes to it continuously.
const GRACE_MS = 15 * 60_000;

export type SweepResult = { removed: string[]; failed: number[] };

/** The newest modification time of a folder and the files directly in it. */
async function lastTouched(dir: string): Promise<number> {
  let newest = (await fs.stat(dir)).mtimeMs;
  for (const f of await fs.readdir(dir).catch(() => [] as string[]))
    newest = Math.max(newest, (await fs.lstat(path.join(dir, f)).catch(() => null))?.mtimeMs ?? 0);
  return newest;
}

const exists = (p: string) =>
  fs.access(p).then(
    () => true,
    () => false,
  );
const uploadsPresent = async (paths: string[]) => (await Promise.all(paths.map(exists))).every(Boolean);

/**
 * On start (before open imports resume): an import that died with its process, or an upload that never
 * became an import, leaves its folder under uploads/ forever and counts against the user's quota. Deletes
 * every upload folder no queued or running import needs, and fails the open imports whose uploaded files
 * are gone (they could only fail later with an internal error after their retries).
 */
export async function sweepUploads(
  db: Db,
  opts: { root?: string; graceMs?: number; now?: number } = {},
): Promise<SweepResult> {
  const root = opts.root ?? uploadsRoot();
  const now = opts.now ?? Date.now();
  const graceMs = opts.graceMs ?? GRACE_MS;
  // Folders first: one created after this listing is not looked at, so it cannot be taken for an orphan.
  const dirs: string[] = [];
  for (const entry of await fs.readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) dirs.push(path.join(root, entry.name));
  }
  const open = await db
    .select({ id: importFiles.importId, path: importFiles.path })
    .from(importFiles)
    .innerJoin(imports, eq(imports.id, importFiles.importId))
    .where(inArray(imports.status, ["queued", "running"]));
  const byImport = new Map<number, string[]>();
  for (const f of open) byImport.set(f.id, [...(byImport.get(f.id) ?? []), f.path]);
  const needed = new Set<string>();
  const failed: number[] = [];
  for (const [id, paths] of byImport) {
    const ours = paths.filter((p) => p.startsWith(root + path.sep));
    if (!(await uploadsPresent(ours))) {
      await markImportFailed(db, id, LOST_UPLOAD);
      failed.push(id);
      continue;
    }
    for (const p of ours) needed.add(path.dirname(p));
  }
  const removed: string[] = [];
  for (const dir of dirs) {
    if (needed.has(dir)) continue;
    if (now - (await lastTouched(dir).catch(() => now)) < graceMs) continue;
    await fs.rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return { removed, failed };
}

// An import's row is written just before its job is added: a younger import may have its job on the way.
const JOB_GRACE_MS = 60_000;

export type JobSweepResult = { requeued: number[]; failed: number[] };

/**
 * With Redis, periodically: a queued or running import whose BullMQ job is gone (Redis flushed or restarted
 * without persistence) would show "running" forever. It is queued again and resumes from its checkpoint;
 * one whose job failed for good without the import saying so (the process died in between) fails with a
 * message, and one whose upload is gone fails as the start-up sweep would fail it.
 */
export async function requeueVanishedImports(
  db: Db,
  ctx: JobsContext,
  opts: { graceMs?: number } = {},
): Promise<JobSweepResult> {
  const open = await db
    .select({ id: imports.id, userId: imports.userId })
    .from(imports)
    .where(
      and(
        inArray(imports.status, ["queued", "running"]),
        lt(imports.createdAt, new Date(Date.now() - (opts.graceMs ?? JOB_GRACE_MS))),
      ),
    );
  const queue = getQueue(ctx, QUEUES.imports);
  const result: JobSweepResult = { requeued: [], failed: [] };
  for (const imp of open) {
    const job = await queue.getJob(jobIds.import(imp.userId, imp.id));
    const state = job ? await job.getState() : "missing";
    if (state !== "missing" && state !== "failed" && state !== "completed") continue;
    // The job may have ended a moment ago together with its import: look at the import again.
    const [still] = await db
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.id, imp.id), inArray(imports.status, ["queued", "running"])));
    if (!still) continue;
    const files = await db
      .select({ path: importFiles.path })
      .from(importFiles)
      .where(eq(importFiles.importId, imp.id));
    if (state === "failed" || !(await uploadsPresent(files.map((f) => f.path)))) {
      await markImportFailed(db, imp.id, state === "failed" ? IMPORT_STOPPED : LOST_UPLOAD);
      result.failed.push(imp.id);
      continue;
    }
    // A completed job keeps its id: queued again under the same id it would be ignored.
    await job?.remove();
    await enqueueImport(imp.id, ctx);
    result.requeued.push(imp.id);
  }
  return result;
}
