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
 * The import job as BullMQ's sandboxed processor runs it (worker/import-child.mjs). The pid in the result
 * says which process ran it (the test checks it is not the web's or the worker's own).
 */
export async function runImportJob(job: SandboxedJob): Promise<{ result: string; pid: number }> {
  const parsed = payloads[JOBS.import].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid import payload: ${parsed.error.message}`);
  asBackground();
  return { result: await runImport(getDb(), parsed.data.importId), pid: process.pid };
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
    await runImport(getDb(), importId);
  } catch (err) {
    log.error("import broke off", { importId, error: err instanceof Error ? err.message : String(err) });
    code = 1;
  }
  await closeDb().catch(() => {});
  process.exit(code);
}
