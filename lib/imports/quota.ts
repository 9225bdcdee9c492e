import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { HttpError } from "@/lib/errors";
import { formatBytes } from "./errors";

export type ImportLimits = { maxBytes: number; maxFiles: number; userStoredBytes: number };

export function importLimits(): ImportLimits {
  const e = env();
  return {
    maxBytes: e.IMPORT_MAX_BYTES,
    maxFiles: e.IMPORT_MAX_FILES,
    userStoredBytes: e.IMPORT_USER_STORED_BYTES,
  };
}

export const uploadsRoot = () => path.join(env().DATA_DIR, "uploads");

/** Where one upload of a user is stored: the name starts with the user id, which is what the quota counts. */
export const userUploadPrefix = (userId: number) => `${userId}-`;

export class UploadTooLarge extends HttpError {
  constructor(maxBytes: number) {
    super(413, `The upload is larger than the limit of ${formatBytes(maxBytes)}.`, {
      code: "too_large",
      field: "file",
    });
  }
}

export class TooManyFiles extends HttpError {
  constructor(maxFiles: number) {
    super(
      413,
      `At most ${maxFiles} files can be uploaded at once; put the rest in a ZIP or upload them in another import.`,
      { code: "too_many_files", field: "file" },
    );
  }
}

export class UserStorageFull extends HttpError {
  constructor(stored: number, limit: number) {
    super(
      413,
      `Your uploads waiting to be imported already take ${formatBytes(stored)} of the ${formatBytes(limit)} allowed per user; wait for your import to finish or cancel it, then upload again.`,
      { code: "user_quota", field: "file" },
    );
  }
}

/** Bytes the user's uploads take on disk now (uploads in progress, imports queued or running). */
export async function storedUploadBytes(root: string, userId: number): Promise<number> {
  const prefix = userUploadPrefix(userId);
  const dirs = await fs.readdir(root).catch(() => [] as string[]);
  let total = 0;
  for (const dir of dirs) {
    if (!dir.startsWith(prefix)) continue;
    const files = await fs.readdir(path.join(root, dir)).catch(() => [] as string[]);
    for (const f of files) total += (await fs.lstat(path.join(root, dir, f)).catch(() => null))?.size ?? 0;
  }
  return total;
}

/** Deletes the upload folders these files live in (only folders under the uploads root). */
export async function removeUploadDirs(files: { path: string }[]): Promise<void> {
  const root = uploadsRoot();
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) {
    if (dir.startsWith(root + path.sep)) await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
