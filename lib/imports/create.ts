import { createHash } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { Conflict, NotFound } from "@/lib/errors";
import { type DetectedFile, describeUpload, sortFiles } from "./detect";
import { removeUploadDirs } from "./quota";

export type StoredUpload = { path: string; name: string; bytes: number; sha256: string };

/**
 * Creates the import for files already on disk, or returns the one still running for the same files
 * (the same upload twice resumes rather than doubles). Detection refuses unknown files first, so a
 * refused upload writes nothing.
 */
export async function createImport(
  db: Db,
  p: { userId: number; uploads: StoredUpload[]; maxBytes: number },
): Promise<{ id: number; reused: boolean }> {
  const files: (DetectedFile & { path: string; sha256: string })[] = [];
  for (const u of p.uploads) {
    for (const f of await describeUpload(u.path, u.name, p.maxBytes))
      files.push({ ...f, path: u.path, sha256: u.sha256 });
  }
  const ordered = sortFiles(files);
  const fileSha256 = createHash("sha256")
    .update(
      p.uploads
        .map((u) => u.sha256)
        .sort()
        .join(","),
    )
    .digest("hex");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:import-create'), ${p.userId})`);
    const [running] = await tx
      .select({ id: imports.id })
      .from(imports)
      .where(
        and(
          eq(imports.userId, p.userId),
          eq(imports.fileSha256, fileSha256),
          inArray(imports.status, ["queued", "running"]),
        ),
      );
    if (running) return { id: running.id, reused: true };
    // One import per user at a time: imports of one user would contend for the same rows and rollups, and
    // each holds its upload on disk until it ends.
    const [other] = await tx
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.userId, p.userId), inArray(imports.status, ["queued", "running"])))
      .limit(1);
    if (other) {
      throw new Conflict(
        `Your import #${other.id} is still running. Wait for it to finish or cancel it, then upload again.`,
        "file",
      );
    }
    const kinds = [...new Set(ordered.map((f) => f.format))];
    const names = p.uploads.map((u) => u.name).join(", ");
    const [row] = await tx
      .insert(imports)
      .values({
        userId: p.userId,
        kind: kinds.join(","),
        fileName: names.length > 200 ? `${names.slice(0, 197)}…` : names,
        fileSha256,
      })
      .returning({ id: imports.id });
    if (!row) throw new Error("import insert returned nothing");
    const values = ordered.map((f, position) => ({
      importId: row.id,
      position,
      name: f.name,
      path: f.path,
      entry: f.entry,
      format: f.format,
      bytes: f.bytes,
      sha256: f.sha256,
    }));
    // In slices: a ZIP may hold up to 10,000 files, more than one statement's 65,535 parameters allow.
    for (let i = 0; i < values.length; i += 1000)
      await tx.insert(importFiles).values(values.slice(i, i + 1000));
    return { id: row.id, reused: false };
  });
}

export type ImportView = {
  id: number;
  status: string;
  kind: string;
  fileName: string;
  counts: { read: number; imported: number; duplicates: number; skipped: number; rejected: number };
  total: number | null;
  details: Record<string, number>;
  error?: string;
  report?: { row: number; file?: string; reason: string }[];
  createdAt: string;
  finishedAt: string | null;
};

function view(
  imp: typeof imports.$inferSelect,
  files: { rows: number | null; details: Record<string, number | undefined> }[],
  withReport: boolean,
): ImportView {
  const details: Record<string, number> = {};
  for (const f of files)
    for (const [k, v] of Object.entries(f.details)) details[k] = (details[k] ?? 0) + (v ?? 0);
  const total = files.every((f) => f.rows !== null) ? files.reduce((s, f) => s + (f.rows ?? 0), 0) : null;
  return {
    id: imp.id,
    status: imp.status,
    kind: imp.kind,
    fileName: imp.fileName,
    counts: imp.counts,
    total,
    details,
    ...(imp.error && { error: imp.error }),
    ...(withReport && { report: imp.report ?? [] }),
    createdAt: imp.createdAt.toISOString(),
    finishedAt: imp.finishedAt?.toISOString() ?? null,
  };
}

export async function getImport(db: Db, p: { userId: number; id: number }): Promise<ImportView> {
  const [imp] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, p.id), eq(imports.userId, p.userId)));
  if (!imp) throw new NotFound("No such import");
  const files = await db.select().from(importFiles).where(eq(importFiles.importId, imp.id));
  return view(imp, files, true);
}

export async function listImports(db: Db, p: { userId: number }): Promise<ImportView[]> {
  const rows = await db
    .select()
    .from(imports)
    .where(eq(imports.userId, p.userId))
    .orderBy(desc(imports.createdAt))
    .limit(50);
  if (!rows.length) return [];
  const files = await db
    .select()
    .from(importFiles)
    .where(
      inArray(
        importFiles.importId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) =>
    view(
      r,
      files.filter((f) => f.importId === r.id),
      false,
    ),
  );
}

/**
 * Cancels a queued or running import; rows already committed stay (they are real listens). A queued
 * import's upload is deleted here; a running one's by its runner when it sees the cancel at its next batch.
 */
export async function cancelImport(db: Db, p: { userId: number; id: number }): Promise<ImportView> {
  const [was] = await db
    .select({ status: imports.status })
    .from(imports)
    .where(and(eq(imports.id, p.id), eq(imports.userId, p.userId)));
  await db
    .update(imports)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(
      and(eq(imports.id, p.id), eq(imports.userId, p.userId), inArray(imports.status, ["queued", "running"])),
    );
  if (was?.status === "queued") {
    await removeUploadDirs(
      await db.select({ path: importFiles.path }).from(importFiles).where(eq(importFiles.importId, p.id)),
    );
  }
  return getImport(db, p);
}
