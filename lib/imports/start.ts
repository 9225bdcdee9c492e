import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { BadRequest } from "@/lib/errors";
import { createImport } from "./create";
import { enqueueImport } from "./enqueue";
import { ImportRefused } from "./errors";
import { receiveUpload } from "./upload";

/** POST /api/imports: stream the files to disk, detect them (refusing before any row is written), enqueue. */
export async function startImportFromRequest(db: Db, userId: number, req: Request): Promise<{ id: number }> {
  const cfg = env();
  const dir = path.join(cfg.DATA_DIR, "uploads", `${userId}-${Date.now()}-${randomBytes(4).toString("hex")}`);
  const uploads = await receiveUpload(req, { dir, maxBytes: cfg.IMPORT_MAX_BYTES });
  try {
    const { id, reused } = await createImport(db, { userId, uploads, maxBytes: cfg.IMPORT_MAX_BYTES });
    if (reused) await fs.rm(dir, { recursive: true, force: true });
    else enqueueImport(id);
    return { id };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    if (err instanceof ImportRefused) throw new BadRequest(err.message, "file", err.code);
    throw err;
  }
}
