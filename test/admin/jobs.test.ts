import { randomBytes } from "node:crypto";
import { Worker } from "bullmq";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { adminRetryJob, jobsOverview } from "@/lib/admin/jobs";
import { adminUpdateSettings } from "@/lib/admin/settings";
import { env } from "@/lib/env";
import { QUEUES } from "@/lib/jobs/contract";
import { closeJobsContext, createJobsContext, getQueue } from "@/lib/jobs/queues";
import { getInstanceSettings } from "@/lib/settings";
import { createTestUser } from "@/test/helpers/factories";
import { auditFor, signedIn } from "./helpers";

const redisUrl = env().REDIS_URL;

describe("admin: jobs", () => {
  it("GET /api/admin/jobs reports the queue mode of this instance", async () => {
    const { client } = await signedIn("admin");
    const body = await (await client.fetch("/api/admin/jobs")).json();
    if (!redisUrl) {
      expect(body).toMatchObject({ mode: "inline", queues: [] });
      const retry = await client.json("/api/admin/jobs/retry", "POST", { queue: "enrich", jobId: "x" });
      expect(retry.status).toBe(409);
    } else {
      expect(body.mode).toBe("bullmq");
      expect(body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort());
    }
  });

  // Without REDIS_URL (the README's npm test) jobs run in-process: there is no failed-job list to retry from;
  // .ci/run's second npm test sets REDIS_URL and runs it.
  it.skipIf(!redisUrl)("shows a failed job with its error and retries it (real Redis)", async () => {
    // A private prefix: this test's worker must never take another run's jobs.
    const ctx = createJobsContext(redisUrl ?? "", `mt-admin-test-${randomBytes(4).toString("hex")}`);
    const worker = new Worker(
      QUEUES.enrich,
      async () => {
        throw new Error("lyrics server exploded");
      },
      { connection: ctx.connection.duplicate(), prefix: ctx.prefix, autorun: true },
    );
    try {
      const actor = await createTestUser({ role: "admin" });
      const failed = new Promise((resolve) => worker.once("failed", resolve));
      await getQueue(ctx, QUEUES.enrich).add(
        "enrich-track",
        { trackId: 1 },
        { jobId: "enrich:track:1", attempts: 1 },
      );
      await failed;
      await worker.close();
      const view = await jobsOverview(getDb(), { limit: 10 }, ctx);
      expect(view.queues.find((q) => q.name === QUEUES.enrich)?.counts.failed).toBe(1);
      expect(view.failed[0]).toMatchObject({ id: "enrich:track:1", failedReason: "lyrics server exploded" });
      const res = await adminRetryJob(
        getDb(),
        actor.id,
        { queue: QUEUES.enrich, jobId: "enrich:track:1" },
        ctx,
      );
      expect(res.state).toMatch(/waiting|prioritized/);
      expect(await auditFor(`job:${QUEUES.enrich}:enrich:track:1`)).not.toHaveLength(0);
      await expect(
        adminRetryJob(getDb(), actor.id, { queue: QUEUES.enrich, jobId: "enrich:track:1" }, ctx),
      ).rejects.toMatchObject({ status: 409 });
    } finally {
      await worker.close();
      for (const name of Object.values(QUEUES)) await getQueue(ctx, name).obliterate({ force: true });
      await closeJobsContext(ctx);
    }
  });
});

describe("admin: instance settings", () => {
  it("changing one setting leaves the others alone and is audited (rolled back afterwards)", async () => {
    const actor = await createTestUser({ role: "admin" });
    const seen = await getDb()
      .transaction(async (tx) => {
        await adminUpdateSettings(tx, actor.id, { defaultLocale: "ru" });
        const after = await adminUpdateSettings(tx, actor.id, { registrationOpen: false });
        throw Object.assign(new Error("rollback"), { after });
      })
      .catch((e: { after: unknown }) => e.after);
    expect(seen).toEqual({ registrationOpen: false, defaultLocale: "ru" });
    expect((await getInstanceSettings(getDb())).defaultLocale).toBe("en");
  });
});
