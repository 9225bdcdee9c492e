import { and, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { imports } from "@/db/schema/listens";
import { env } from "@/lib/env";
import { enqueueImport as enqueueImportJob } from "@/lib/jobs/enqueue";
import { inlineRunner } from "@/lib/jobs/inline-hook";
import { log } from "@/lib/log";
import { IMPORT_STOPPED, markImportFailed, runImport } from "./run";

/**
 * Starts an import in this process. The jobs layer replaces the body with its BullMQ producer
 * (lib/jobs/enqueue.ts `enqueueImport`); callers only ever call this.
 */
export function enqueueImport(importId: number): void {
  // With Redis the import is a BullMQ job (any worker may run it, a restart resumes it).
  if (env().REDIS_URL) {
    void enqueueImportJob(importId).catch((err: unknown) =>
      log.error("import enqueue failed", { importId, error: String(err) }),
    );
    return;
  }
  // Without Redis the app's in-process jobs run it in a child process (worker/import-children.ts); a process
  // without them (a test calling the route's code directly) runs it on its own event loop.
  const runner = inlineRunner();
  const run = runner
    ? async () => void (await runner.runImport(importId))
    : async () => void (await runImport(getDb(), importId));
  setImmediate(() => void inSlot(() => runWithRetries(importId, run)));
}

// Without Redis: at most IMPORT_CONCURRENCY imports at once (FIFO), like the imports queue's concurrency
// with Redis; each user has at most one (createImport).
let running = 0;
const waiting: (() => void)[] = [];
async function inSlot(work: () => Promise<void>): Promise<void> {
  while (running >= env().IMPORT_CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const RETRIES = 3;

async function runWithRetries(importId: number, run: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= RETRIES) {
        log.error("import gave up", { importId, error: message });
        await markImportFailed(getDb(), importId, IMPORT_STOPPED).catch(() => {});
        return;
      }
      // Each batch commits with its checkpoint, so a retry resumes where the failure left off.
      await new Promise((r) => setTimeout(r, 2000 * attempt));
    }
  }
}

const holder = globalThis as unknown as { __musictraceImportsResumed?: boolean };

// When this process started: an import created since was enqueued by whoever created it.
const processStarted = new Date(Date.now() - process.uptime() * 1000);

/**
 * After a restart: imports that were queued or running continue from their checkpoint (once per process).
 * Only those older than this process: a younger one already has its runner (or, with Redis, its job), and
 * resuming it too would race that runner.
 */
export async function resumeImports(): Promise<void> {
  if (holder.__musictraceImportsResumed) return;
  holder.__musictraceImportsResumed = true;
  const open = await getDb()
    .select({ id: imports.id })
    .from(imports)
    .where(and(inArray(imports.status, ["queued", "running"]), lt(imports.createdAt, processStarted)));
  for (const { id } of open) enqueueImport(id);
}
