import fs from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { importFiles } from "@/db/schema/imports";
import { imports } from "@/db/schema/listens";
import { createImport, getImport } from "@/lib/imports/create";
import { LOST_UPLOAD, requeueVanishedImports } from "@/lib/imports/sweep";
import { jobIds, QUEUES } from "@/lib/jobs/contract";
import { enqueueImport } from "@/lib/jobs/enqueue";
import { getQueue, type JobsContext } from "@/lib/jobs/queues";
import { createTestUser } from "@/test/helpers/factories";
import { dropJobs, noopProcessors, testJobs, until } from "@/test/helpers/jobs";
import { extendedRow, history } from "@/test/imports/fixtures";
import { storeFiles } from "@/test/imports/helpers";
import { type BullWorkers, startBullWorkers } from "./bullmq";

let ctx: JobsContext | undefined;
let workers: BullWorkers | undefined;
afterEach(async () => {
  await workers?.close();
  workers = undefined;
  if (ctx) await dropJobs(ctx);
  ctx = undefined;
});

const until2024 = new Date("2024-06-01T00:00:00Z");

async function queuedImport(seed: string) {
  const user = await createTestUser({ prefix: "iso" });
  const data = JSON.stringify(
    history(3000, { until: until2024, seed, tracks: 200 }).map((p) => extendedRow(p)),
  );
  const uploads = await storeFiles([{ name: "Streaming_History_Audio_2024.json", data }]);
  const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
  return { userId: user.id, id };
}

describe("imports with Redis", () => {
  it("run in child processes of their own, IMPORT_CONCURRENCY at once, never on the worker's event loop", async () => {
    ctx = testJobs();
    const a = await queuedImport("iso-a");
    const b = await queuedImport("iso-b");
    await enqueueImport(a.id, ctx);
    await enqueueImport(b.id, ctx);
    // The in-process import processor would fail the test: only the sandboxed child may run imports.
    const procs = noopProcessors({
      import: async () => {
        throw new Error("import ran on the worker's event loop");
      },
    });
    workers = startBullWorkers(ctx, procs, { isolateImports: true, concurrency: { imports: 2 } });
    const q = getQueue(ctx, QUEUES.imports);
    const jobs = await until(async () => {
      const js = await Promise.all([a, b].map((i) => q.getJob(jobIds.import(i.userId, i.id))));
      return js.every((j) => j?.finishedOn) ? js : null;
    }, 60_000);
    const pids = jobs.map((j) => (j?.returnvalue as { pid: number } | undefined)?.pid);
    expect(jobs.map((j) => j?.failedReason)).toEqual([undefined, undefined]);
    expect(pids.every((p) => typeof p === "number" && p !== process.pid)).toBe(true);
    // Both were taken at once, so two children ran them side by side.
    expect(new Set(pids).size).toBe(2);
    for (const i of [a, b]) {
      const view = await getImport(getDb(), { userId: i.userId, id: i.id });
      expect(view.status).toBe("done");
      expect(view.counts.read).toBe(3000);
    }
  });
});

describe("imports whose BullMQ job vanished (Redis flushed or restarted)", () => {
  it("are queued again and finish; one whose upload is gone fails with a message; a new one is left alone", async () => {
    ctx = testJobs();
    const db = getDb();
    // Running, as a worker left them when Redis lost its jobs: the rows say running, the queue knows nothing.
    const vanished = await queuedImport("vanish-a");
    const lost = await queuedImport("vanish-b");
    const fresh = await queuedImport("vanish-c");
    for (const i of [vanished, lost])
      await db
        .update(imports)
        .set({ status: "running", createdAt: sql`now() - interval '5 minutes'` })
        .where(eq(imports.id, i.id));
    const [lostFile] = await db.select().from(importFiles).where(eq(importFiles.importId, lost.id));
    await fs.rm(path.dirname(lostFile?.path as string), { recursive: true });

    // Other test files' imports share this database (an upload's import may wait its turn over a minute on a
    // busy machine): only this test's imports are looked at.
    const mine = new Set([vanished.id, lost.id, fresh.id]);
    const sweep = async () => {
      const r = await requeueVanishedImports(db, ctx as JobsContext);
      return {
        requeued: r.requeued.filter((id) => mine.has(id)),
        failed: r.failed.filter((id) => mine.has(id)),
      };
    };
    expect(await sweep()).toEqual({ requeued: [vanished.id], failed: [lost.id] });
    const lostView = await getImport(db, { userId: lost.userId, id: lost.id });
    expect([lostView.status, lostView.error]).toEqual(["failed", LOST_UPLOAD]);
    const q = getQueue(ctx, QUEUES.imports);
    expect(await q.getJob(jobIds.import(fresh.userId, fresh.id))).toBeUndefined();
    // Its job is there now: the next sweep leaves it alone.
    expect(await sweep()).toEqual({ requeued: [], failed: [] });

    workers = startBullWorkers(ctx, noopProcessors(), { isolateImports: true });
    const view = await until(async () => {
      const v = await getImport(db, { userId: vanished.userId, id: vanished.id });
      return v.status !== "running" && v.status !== "queued" ? v : null;
    }, 60_000);
    expect([view.status, view.counts.read]).toEqual(["done", 3000]);
  });
});
