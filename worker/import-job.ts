import { type SandboxedJob, UnrecoverableError } from "bullmq";
import { getDb } from "@/db/client";
import { runImport } from "@/lib/imports/run";
import { JOBS, payloads } from "@/lib/jobs/contract";

/**
 * The import job as BullMQ's sandboxed processor runs it (worker/import-child.mjs). The pid in the result
 * says which process ran it (the test checks it is not the web's or the worker's own).
 */
export async function runImportJob(job: SandboxedJob): Promise<{ result: string; pid: number }> {
  const parsed = payloads[JOBS.import].safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid import payload: ${parsed.error.message}`);
  return { result: await runImport(getDb(), parsed.data.importId), pid: process.pid };
}
