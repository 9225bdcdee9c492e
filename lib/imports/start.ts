import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import { BadRequest } from "@/lib/errors";
import { createImport } from "./create";
import { enqueueImport } from "./enqueue";
import { ImportRefused } from "./errors";
import {
  type ImportLimits,
  importLimits,
  storedUploadBytes,
  UserStorageFull,
  uploadsRoot,
  userUploadPrefix,
} from "./quota";
import { receiveUpload } from "./upload";

/**
 * POST /api/imports: stream the files to disk within the upload's and the user's limits, detect them
 * (refusing before any row is written), enqueue. One import per user at a time (createImport refuses a
 * second), so the user's stored bytes are this upload and the running import's.
 */
export async function startImportFromRequest(
  db: Db,
  userId: number,
  req: Request,
  limits: ImportLimits = importLimits(),
): Promise<{ id: number }> {
  const root = uploadsRoot();
  const stored = await storedUploadBytes(root, userId);
  const room = limits.userStoredBytes - stored;
  const full = new UserStorageFull(stored, limits.userStoredBytes);
  if (room <= 0) throw full;
  const dir = path.join(root, `${userUploadPrefix(userId)}${Date.now()}-${randomBytes(4).toString("hex")}`);
  const uploads = await receiveUpload(req, {
    dir,
    maxBytes: Math.min(limits.maxBytes, room),
    maxFiles: limits.maxFiles,
    ...(room < limits.maxBytes && { tooLarge: full }),
  });
  try {
    const { id, reused } = await createImport(db, { userId, uploads, maxBytes: limits.maxBytes });
    if (reused) await fs.rm(dir, { recursive: true, force: true });
    else enqueueImport(id);
    return { id };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    if (err instanceof ImportRefused) throw new BadRequest(err.message, "file", err.code);
    throw err;
  }
}
