import type { Db } from "@/db/client";
import { runImport as run } from "@/lib/imports/run";

/**
 * The import job: resumes from imports.progress, honours cancellation, records counts and rejected rows.
 * Throws only on unexpected errors (the queue retries; each retry resumes after the last committed batch).
 */
export function runImport(db: Db, importId: number): Promise<string> {
  return run(db, importId);
}
