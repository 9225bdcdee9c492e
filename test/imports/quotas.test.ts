import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { cancelImport, createImport, getImport } from "@/lib/imports/create";
import { type ImportLimits, storedUploadBytes, uploadsRoot, userUploadPrefix } from "@/lib/imports/quota";
import { runImport } from "@/lib/imports/run";
import { startImportFromRequest } from "@/lib/imports/start";
import { receiveUpload } from "@/lib/imports/upload";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, history } from "./fixtures";

const until = new Date("2024-06-01T00:00:00Z");
const limits: ImportLimits = { maxBytes: 100_000, maxFiles: 3, userStoredBytes: 12_000 };

function form(files: [string, string][]): Request {
  const f = new FormData();
  for (const [name, text] of files) f.append("file", new Blob([text]), name);
  return new Request("http://x/api/imports", { method: "POST", body: f });
}

const spotify = (n: number, seed: string) =>
  JSON.stringify(history(n, { until, seed }).map((p) => extendedRow(p)));

/** A user with nothing stored (user ids repeat across test databases; leftovers of another run go). */
async function freshUser(prefix: string) {
  const user = await createTestUser({ prefix });
  const root = uploadsRoot();
  for (const d of await fs.readdir(root).catch(() => [] as string[]))
    if (d.startsWith(userUploadPrefix(user.id))) await fs.rm(path.join(root, d), { recursive: true });
  return user;
}

/** The upload's refusal as the route sends it: status, code and message. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { status?: number; message: string; extra?: { code?: string } }) => ({
      status: e.status,
      code: e.extra?.code,
      message: e.message,
    }),
  );

/**
 * Runs the import and waits for its end state and its upload's removal. Without Redis,
 * startImportFromRequest has already started it in this process too: two runners share it (as two processes
 * may, test/imports/resume.test.ts), and this one can return while the other is still finishing.
 */
async function runToEnd(userId: number, id: number) {
  await runImport(getDb(), id);
  let end = { status: "", bytes: -1 };
  for (let i = 0; i < 300; i++) {
    end = {
      status: (await getImport(getDb(), { userId, id })).status,
      bytes: await storedUploadBytes(uploadsRoot(), userId),
    };
    if (end.status !== "queued" && end.status !== "running" && end.bytes === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return end;
}

describe("import quotas", () => {
  it("refuses an upload with more files than allowed, naming the limit, and keeps nothing", async () => {
    const user = await freshUser("q_files");
    const files: [string, string][] = ["a", "b", "c", "d"].map((n) => [`endsong_${n}.json`, spotify(2, n)]);
    expect(await refusal(startImportFromRequest(getDb(), user.id, form(files), limits))).toEqual({
      status: 413,
      code: "too_many_files",
      message: expect.stringMatching(/^At most 3 files can be uploaded at once/),
    });
    expect(await storedUploadBytes(uploadsRoot(), user.id)).toBe(0);
    // At the limit it is accepted.
    const { id } = await startImportFromRequest(getDb(), user.id, form(files.slice(0, 3)), limits);
    expect(await runToEnd(user.id, id)).toEqual({ status: "done", bytes: 0 });
  });

  it("refuses an upload over the byte limit", async () => {
    const user = await freshUser("q_bytes");
    const big = spotify(400, "big");
    expect(big.length).toBeGreaterThan(limits.maxBytes);
    expect(
      await refusal(
        startImportFromRequest(getDb(), user.id, form([["endsong_0.json", big]]), {
          ...limits,
          userStoredBytes: 10 * limits.maxBytes,
        }),
      ),
    ).toMatchObject({ status: 413, code: "too_large" });
    expect(await storedUploadBytes(uploadsRoot(), user.id)).toBe(0);
  });

  it("allows one import per user, caps the bytes a user has stored, and deletes uploads when imports end", async () => {
    const user = await freshUser("q_user");
    // A first import, queued (as if its runner had not started yet).
    const dir = path.join(uploadsRoot(), `${userUploadPrefix(user.id)}first`);
    const first = spotify(30, "first");
    const uploads = await receiveUpload(form([["endsong_0.json", first]]), {
      dir,
      maxBytes: 1e6,
      maxFiles: 3,
    });
    const { id: firstId } = await createImport(getDb(), { userId: user.id, uploads, maxBytes: 1e6 });
    expect(await storedUploadBytes(uploadsRoot(), user.id)).toBe(first.length);
    const room = 2000;
    const tight = { ...limits, userStoredBytes: first.length + room };

    // Over what is left of the user's storage: refused, naming the per-user limit.
    const second = spotify(30, "second");
    expect(second.length).toBeGreaterThan(room);
    expect(
      await refusal(startImportFromRequest(getDb(), user.id, form([["endsong_1.json", second]]), tight)),
    ).toMatchObject({ status: 413, code: "user_quota", message: expect.stringMatching(/allowed per user/) });
    // Within it, but the first import is still queued: refused, naming it.
    expect(
      await refusal(
        startImportFromRequest(getDb(), user.id, form([["endsong_1.json", spotify(1, "s")]]), tight),
      ),
    ).toMatchObject({ status: 409, message: expect.stringContaining(`#${firstId} is still running`) });
    expect(await storedUploadBytes(uploadsRoot(), user.id)).toBe(first.length);

    // Cancelling the queued import deletes its upload; then the next one goes through, and is deleted
    // once it is done.
    await cancelImport(getDb(), { userId: user.id, id: firstId });
    expect(await storedUploadBytes(uploadsRoot(), user.id)).toBe(0);
    const { id } = await startImportFromRequest(getDb(), user.id, form([["endsong_1.json", second]]), tight);
    expect(await runToEnd(user.id, id)).toEqual({ status: "done", bytes: 0 });
  });

  it("deletes the upload of a failed import", async () => {
    const user = await freshUser("q_fail");
    const cut = spotify(20, "cut");
    const { id } = await startImportFromRequest(
      getDb(),
      user.id,
      form([["endsong_0.json", cut.slice(0, -40)]]),
      limits,
    );
    expect(await runToEnd(user.id, id)).toEqual({ status: "failed", bytes: 0 });
  });
});
