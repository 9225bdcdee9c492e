import fs from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { imports } from "@/db/schema/listens";
import { cancelImport, createImport, getImport } from "@/lib/imports/create";
import { runImport } from "@/lib/imports/run";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, history } from "./fixtures";
import { importFiles, listenStats, storeFiles } from "./helpers";

const until = new Date("2024-06-01T00:00:00Z");

describe("import job lifecycle", () => {
  it("resumes after a restart from the committed checkpoint without re-reading earlier rows", async () => {
    const user = await createTestUser({ prefix: "resume" });
    const rows = history(7000, { until, seed: "res", tracks: 50, msEach: 60_000 }).map((p) => extendedRow(p));
    // What a crash after the first batch leaves behind: its rows, counts and position, status running.
    await importFiles(user.id, [{ name: "part.json", data: JSON.stringify(rows.slice(0, 5000)) }]);
    const uploads = await storeFiles([
      { name: "Streaming_History_Audio_2024_0.json", data: JSON.stringify(rows) },
    ]);
    const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
    await getDb()
      .update(imports)
      .set({
        status: "running",
        progress: { file: 0, row: 5000 },
        counts: { read: 5000, imported: 5000, duplicates: 0, skipped: 0, rejected: 0 },
      })
      .where(eq(imports.id, id));
    expect(await runImport(getDb(), id)).toBe("done");
    const view = await getImport(getDb(), { userId: user.id, id });
    expect(view.counts).toEqual({ read: 7000, imported: 7000, duplicates: 0, skipped: 0, rejected: 0 });
    expect((await listenStats(user.id)).counted).toBe(7000);
    // Running it again (a duplicate job after the end) does nothing.
    expect(await runImport(getDb(), id)).toBe("nothing to do");
  });

  it("fails on a truncated file before writing any row of the files before it", async () => {
    const user = await createTestUser({ prefix: "cut" });
    const rows = history(300, { until, seed: "cut", tracks: 20, msEach: 60_000 }).map((p) => extendedRow(p));
    const whole = JSON.stringify(rows.slice(0, 150));
    const cut = JSON.stringify(rows.slice(150));
    const view = await importFiles(user.id, [
      { name: "Streaming_History_Audio_2024_0.json", data: whole },
      { name: "Streaming_History_Audio_2024_1.json", data: cut.slice(0, cut.length - 100) },
    ]);
    expect(view.status).toBe("failed");
    expect(view.error).toMatch(/truncated/);
    expect((await listenStats(user.id)).total).toBe(0);
  });

  it("honours a cancel: a cancelled import never starts, and its upload is not reused", async () => {
    const user = await createTestUser({ prefix: "cancel" });
    const data = JSON.stringify(history(10, { until, seed: "can" }).map((p) => extendedRow(p)));
    const uploads = await storeFiles([{ name: "endsong_0.json", data }]);
    const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
    expect((await cancelImport(getDb(), { userId: user.id, id })).status).toBe("cancelled");
    expect(await runImport(getDb(), id)).toBe("nothing to do");
    const [row] = (await getDb().execute(
      sql`select count(*)::int as n from listens where user_id = ${user.id}`,
    )) as unknown as {
      n: number;
    }[];
    expect(row?.n).toBe(0);
    const again = await createImport(getDb(), {
      userId: user.id,
      uploads: await storeFiles([{ name: "endsong_0.json", data }]),
      maxBytes: 1024 ** 3,
    });
    expect(again.reused).toBe(false);
  });

  it("lets two processes resume the same import without double counting", async () => {
    const user = await createTestUser({ prefix: "twice" });
    const rows = history(6_000, { until, seed: "two", tracks: 40, msEach: 60_000 }).map((p) =>
      extendedRow(p),
    );
    const uploads = await storeFiles([
      { name: "Streaming_History_Audio_2024_1.json", data: JSON.stringify(rows) },
    ]);
    const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
    const results = await Promise.all([runImport(getDb(), id), runImport(getDb(), id)]);
    expect(results).toContain("done");
    const view = await getImport(getDb(), { userId: user.id, id });
    expect(view.counts).toEqual({ read: 6_000, imported: 6_000, duplicates: 0, skipped: 0, rejected: 0 });
  });

  it("a runner whose upload another runner removed on ending the import steps back instead of failing", async () => {
    const user = await createTestUser({ prefix: "gone" });
    const rows = history(40_000, { until, seed: "gone", tracks: 40 }).map((p) => extendedRow(p));
    const uploads = await storeFiles([
      { name: "Streaming_History_Audio_2023_0.json", data: JSON.stringify(rows.slice(0, 30_000)) },
      { name: "Streaming_History_Audio_2024_1.json", data: JSON.stringify(rows.slice(30_000)) },
    ]);
    const { id } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1024 ** 3 });
    const running = runImport(getDb(), id);
    for (let i = 0; i < 500; i++) {
      if ((await getImport(getDb(), { userId: user.id, id })).status === "running") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    // What the other runner's end does (run.ts `finish`): the import ends, then its upload goes.
    await getDb()
      .update(imports)
      .set({ status: "failed", error: "ended elsewhere" })
      .where(eq(imports.id, id));
    await fs.rm(uploads[1]?.path as string);
    // Whether it meets the missing file (in either pass) or the ended status at its next write, it ends quietly.
    expect(["superseded", "cancelled"]).toContain(await running);
    const view = await getImport(getDb(), { userId: user.id, id });
    expect([view.status, view.error]).toEqual(["failed", "ended elsewhere"]);
  });
});
