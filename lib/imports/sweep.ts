import fs from "node:fs/promises";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { uploadsRoot } from "./quota";
import { markImportFailed } from "./run";

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
    if (ours.length && !(await Promise.all(ours.map(exists))).every(Boolean)) {
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
