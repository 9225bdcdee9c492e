import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listens } from "@/db/schema/listens";
import { env } from "@/lib/env";
import { createImport, getImport } from "@/lib/imports/create";
import { enqueueImport } from "@/lib/imports/enqueue";
import { runImport } from "@/lib/imports/run";
import { inlineRunner } from "@/lib/jobs/inline-hook";
import { createTestUser } from "@/test/helpers/factories";
import { noopProcessors, until } from "@/test/helpers/jobs";
import { extendedRow, history } from "@/test/imports/fixtures";
import { storeFiles } from "@/test/imports/helpers";
import { startInline } from "./inline";

const until2024 = new Date("2024-06-01T00:00:00Z");

async function queuedImport(seed: string, rows: number) {
  const user = await createTestUser({ prefix: "inl" });
  const data = JSON.stringify(
    history(rows, { until: until2024, seed, tracks: 200 }).map((p) => extendedRow(p)),
  );
  const uploads = await storeFiles([{ name: "Streaming_History_Audio_2024.json", data }]);
  const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
  return { userId: user.id, id };
}

const stored = async (userId: number) =>
  (await getDb().select().from(listens).where(eq(listens.userId, userId))).length;

describe("imports without Redis (the default install)", () => {
  it("run in a child process of their own, never on the web's event loop", async () => {
    const jobs = await startInline(getDb(), { log: () => {}, processors: noopProcessors() });
    try {
      const a = await queuedImport("inl-a", 3000);
      const pid = await inlineRunner()?.runImport(a.id);
      expect(typeof pid === "number" && pid !== process.pid).toBe(true);
      const view = await getImport(getDb(), { userId: a.userId, id: a.id });
      expect([view.status, view.counts.read]).toEqual(["done", 3000]);
    } finally {
      await jobs.stop();
    }
  });

  // With REDIS_URL the upload route's enqueueImport makes a BullMQ job instead (worker/import-isolation.test.ts).
  it.skipIf(Boolean(env().REDIS_URL))(
    "the upload route's enqueueImport hands the import to that child",
    async () => {
      const jobs = await startInline(getDb(), { log: () => {}, processors: noopProcessors() });
      try {
        const b = await queuedImport("inl-b", 3000);
        enqueueImport(b.id);
        const done = await until(async () => {
          const v = await getImport(getDb(), { userId: b.userId, id: b.id });
          return v.status === "done" ? v : null;
        }, 60_000);
        expect(done.counts.read).toBe(3000);
      } finally {
        await jobs.stop();
      }
    },
  );

  it("an app stopped mid-import leaves it to resume from its checkpoint: nothing lost, nothing twice", async () => {
    const jobs = await startInline(getDb(), { log: () => {}, processors: noopProcessors() });
    const i = await queuedImport("inl-stop", 40_000);
    const child = inlineRunner()?.runImport(i.id);
    await until(
      async () => (await getImport(getDb(), { userId: i.userId, id: i.id })).status === "running",
      30_000,
    );
    await jobs.stop();
    // Stopped while running: the child's answer is "not run to its end" (null); done first: its pid.
    const pid = await child;
    expect(pid === null || pid !== process.pid).toBe(true);
    await runImport(getDb(), i.id); // the next start's resume
    const view = await getImport(getDb(), { userId: i.userId, id: i.id });
    // The same file imported by another user in one go is what the resumed import must equal.
    const ref = await queuedImport("inl-stop", 40_000);
    await runImport(getDb(), ref.id);
    const refView = await getImport(getDb(), { userId: ref.userId, id: ref.id });
    expect(view.status).toBe("done");
    expect(view.counts).toEqual(refView.counts);
    expect(await stored(i.userId)).toBe(await stored(ref.userId));
  });
});
