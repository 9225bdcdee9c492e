import { Worker } from "bullmq";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { runImport } from "@/lib/imports/run";
import { QUEUES } from "@/lib/jobs/contract";
import { closeJobsContext, createJobsContext } from "@/lib/jobs/queues";

/**
 * The suite's app server runs web-only; with REDIS_URL its uploads become BullMQ jobs, as in a scaled install.
 * This is the worker side for the imports queue, in the test process, on the run's own queue prefix.
 * Without Redis the app runs imports in-process and nothing is needed.
 */
export function startImportWorker(): { close(): Promise<void> } {
  const { REDIS_URL, JOBS_PREFIX } = env();
  if (!REDIS_URL) return { close: async () => {} };
  const ctx = createJobsContext(REDIS_URL, JOBS_PREFIX);
  const worker = new Worker<{ importId: number }>(
    QUEUES.imports,
    async (job) => runImport(getDb(), job.data.importId),
    { connection: ctx.connection.duplicate(), prefix: ctx.prefix },
  );
  return {
    async close() {
      await worker.close();
      await closeJobsContext(ctx);
    },
  };
}
