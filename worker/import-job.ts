import os from "node:os";
import { type SandboxedJob, UnrecoverableError } from "bullmq";
import { closeDb, getDb } from "@/db/client";
import { runImport } from "@/lib/imports/run";
import { JOBS, payloads } from "@/lib/jobs/contract";
import { log } from "@/lib/log";

/**
 * Imports are background work: their process gives way to the web and the live polls when the CPU is short
 * (nice 10; lowering one's own priority needs no privilege, and a platform without it just runs as is).
 */
function asBackground(): void {
  try {
    os.setPriority(10);
  } catch {}
}

/**
 * An import's process's pool. Each batch's write stages its rows in a temporary table (lib/imports/stage.ts,
 * about 35 MB per 100k rows) that the merge search, the insert and its tally read again: PostgreSQL's
 * default 8 MB of local buffers sends those reads through the kernel (a 100k-row stage: each scan 153 ms
 * against 98 ms in 64 MB, its analyze 580–680 ms against 390 ms). Allocated as used, so at most 64 MB per
 * import session; settable only before a session's first temporary table, hence at connection time.
 */
const importDb = () => getDb({ session: { temp_buffers: "64MB" } });

/**
 * The import job as BullMQ's sandboxed processor runs it (worker/import-child.mjs). The pid in the result
 * says which process ran it (the test checks it is not the web's or the worker's own).
 */
export async function runImportJob(job: SandboxedJob): Promise<{ result: string; pid: number }> {
  const parsed = payloads[JOBS.import].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid import payload: ${parsed.error.message}`);
  asBackground();
  return { result: await runImport(importDb(), parsed.data.importId), pid: process.pid };
}

/**
 * The import in a child forked by the in-process jobs (worker/import-fork.mjs, no Redis). Exits 0 when the
 * import ran to its end (done, failed with a message for the user, or cancelled), 1 when it broke off (the
 * parent retries: every batch committed with its checkpoint, so a retry resumes where this one stopped).
 */
export async function runImportProcess(importId: number): Promise<void> {
  // The app stopped or died: stop too; the import resumes from its checkpoint when the app starts again.
  process.on("disconnect", () => process.exit(0));
  asBackground();
  let code = 0;
  try {
    await runImport(importDb(), importId);
  } catch (err) {
    log.error("import broke off", { importId, error: err instanceof Error ? err.message : String(err) });
    code = 1;
  }
  await closeDb().catch(() => {});
  process.exit(code);
}
