import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { imports } from "@/db/schema/listens";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, history } from "@/test/imports/fixtures";
import { createImport, getImport } from "./create";
import { LOST_UPLOAD, sweepUploads } from "./sweep";

const until = new Date("2024-06-01T00:00:00Z");
const DAY = 86_400_000;

/** One upload folder under `root` holding a small Spotify history, as the upload route leaves it. */
async function uploadDir(root: string, name: string, ageMs: number) {
  const dir = path.join(root, name);
  await fs.mkdir(dir);
  const data = Buffer.from(JSON.stringify(history(3, { until, seed: name }).map((p) => extendedRow(p))));
  const file = path.join(dir, "Streaming_History_Audio_2024.json");
  await fs.writeFile(file, data);
  const when = new Date(Date.now() - ageMs);
  await fs.utimes(file, when, when);
  await fs.utimes(dir, when, when);
  return {
    dir,
    upload: {
      path: file,
      name: path.basename(file),
      bytes: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
    },
  };
}

async function importOf(root: string, name: string, ageMs: number) {
  const user = await createTestUser({ prefix: "sweep" });
  const u = await uploadDir(root, `${user.id}-${name}`, ageMs);
  const { id } = await createImport(getDb(), { userId: user.id, uploads: [u.upload], maxBytes: 1e6 });
  return { ...u, id, userId: user.id };
}

describe("startup sweep of upload folders", () => {
  it("removes folders no open import needs, fails open imports whose upload is gone, keeps the rest", async () => {
    const db = getDb();
    // Its own root: other test files keep their uploads under the shared DATA_DIR meanwhile.
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "mt-sweep-"));
    const queued = await importOf(root, "queued", DAY);
    const running = await importOf(root, "running", DAY);
    await db.update(imports).set({ status: "running" }).where(eq(imports.id, running.id));
    const lost = await importOf(root, "lost", DAY);
    await db.update(imports).set({ status: "running" }).where(eq(imports.id, lost.id));
    await fs.rm(lost.dir, { recursive: true });
    const finished = await importOf(root, "finished", DAY);
    await db.update(imports).set({ status: "done" }).where(eq(imports.id, finished.id));
    const orphan = await uploadDir(root, "1-orphan", DAY);
    const streaming = await uploadDir(root, "1-streaming", 60_000);

    const result = await sweepUploads(db, { root });

    expect(result.removed.sort()).toEqual([finished.dir, orphan.dir].sort());
    expect(result.failed).toEqual([lost.id]);
    expect((await fs.readdir(root)).sort()).toEqual(
      [queued.dir, running.dir, streaming.dir].map((d) => path.basename(d)).sort(),
    );
    const failed = await getImport(db, { userId: lost.userId, id: lost.id });
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe(LOST_UPLOAD);
    expect((await getImport(db, { userId: running.userId, id: running.id })).status).toBe("running");
    // Nothing left to do on a second start.
    expect(await sweepUploads(db, { root })).toEqual({ removed: [], failed: [] });
    await fs.rm(root, { recursive: true });
  });
});
