import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { ImportView } from "@/lib/imports/create";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { startImportWorker } from "@/test/helpers/import-worker";
import { extendedRow, history } from "./fixtures";
import { listenStats } from "./helpers";

async function signedIn(prefix: string) {
  const user = await createTestUser({ prefix });
  const client = new TestClient();
  await client.signIn(user.username, user.password);
  return { user, client };
}

function upload(client: TestClient, files: [string, string | Buffer][]) {
  const form = new FormData();
  for (const [name, data] of files)
    form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  return client.fetch("/api/imports", { method: "POST", body: form });
}

async function waitDone(client: TestClient, id: number): Promise<ImportView> {
  for (let i = 0; i < 300; i++) {
    const view = (await (await client.fetch(`/api/imports/${id}`)).json()) as ImportView;
    if (!["queued", "running"].includes(view.status)) return view;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`import ${id} did not finish`);
}

const file = JSON.stringify(
  history(12, { until: new Date("2025-03-01T00:00:00Z"), seed: "http" }).map((p) => extendedRow(p)),
);

describe("/api/imports and /api/export", () => {
  let worker: ReturnType<typeof startImportWorker>;
  beforeAll(() => {
    worker = startImportWorker();
  });
  afterAll(() => worker.close());

  it("needs a session", async () => {
    const anon = new TestClient();
    expect((await anon.fetch("/api/imports")).status).toBe(401);
    expect((await anon.fetch("/api/export?format=json")).status).toBe(401);
  });

  it("imports an upload as a job, lists it, keeps it private, and cancel after the end changes nothing", async () => {
    const { user, client } = await signedIn("http_imp");
    const page = await client.fetch("/import");
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Drop your export here|Перетащите выгрузку сюда/);
    const res = await upload(client, [["Streaming_History_Audio_2025_0.json", file]]);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    const done = await waitDone(client, id);
    expect(done).toMatchObject({
      status: "done",
      counts: { read: 12, imported: 12, duplicates: 0, skipped: 0, rejected: 0 },
    });
    const list = (await (await client.fetch("/api/imports")).json()) as { imports: ImportView[] };
    expect(list.imports.map((i) => i.id)).toContain(id);
    expect(
      ((await (await client.fetch(`/api/imports/${id}`, { method: "DELETE" })).json()) as ImportView).status,
    ).toBe("done");

    const other = await signedIn("http_other");
    expect((await other.client.fetch(`/api/imports/${id}`)).status).toBe(404);
    expect((await other.client.fetch(`/api/imports/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await listenStats(user.id)).counted).toBe(12);
  });

  it("takes uploads larger than the proxy's 10 MB body buffer whole", async () => {
    const { client } = await signedIn("http_big");
    const pad = "x".repeat(5000);
    const plays = history(2500, { until: new Date("2025-04-01T00:00:00Z"), seed: "big", msEach: 60_000 });
    const big = JSON.stringify(plays.map((p) => extendedRow(p, { platform: pad })));
    expect(big.length).toBeGreaterThan(12 * 1024 ** 2);
    const res = await upload(client, [["Streaming_History_Audio_2025_1.json", big]]);
    expect(res.status).toBe(202);
    const view = await waitDone(client, ((await res.json()) as { id: number }).id);
    expect(view).toMatchObject({ status: "done", counts: { read: 2500, imported: 2500 } });
  });

  it("refuses unknown files before writing anything and fails truncated JSON cleanly", async () => {
    const { user, client } = await signedIn("http_bad");
    const wrong = await upload(client, [["playlist.json", '[{"name":"My playlist","items":[]}]']]);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/not a listening-history export/);
    const none = (await (await client.fetch("/api/imports")).json()) as { imports: ImportView[] };
    expect(none.imports).toHaveLength(0);
    expect((await upload(client, [])).status).toBe(400);

    const cut = await upload(client, [
      ["Streaming_History_Audio_2025_0.json", file.slice(0, file.length - 300)],
    ]);
    expect(cut.status).toBe(202);
    const failed = await waitDone(client, ((await cut.json()) as { id: number }).id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/truncated/);
    const [row] = (await getDb().execute(
      sql`select count(*)::int as n from listens where user_id = ${user.id}`,
    )) as unknown as {
      n: number;
    }[];
    expect(row?.n).toBe(0);
  });

  it("exports a download that imports into a fresh user with the same stats", async () => {
    const { user, client } = await signedIn("http_exp");
    await waitDone(
      client,
      ((await (await upload(client, [["endsong_0.json", file]])).json()) as { id: number }).id,
    );
    expect((await client.fetch("/api/export?format=xml")).status).toBe(400);
    const res = await client.fetch("/api/export?format=json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="musictrace-.*\.json"/);
    const body = await res.text();
    const csv = await (await client.fetch("/api/export?format=csv")).text();
    expect(csv.split("\n").filter(Boolean)).toHaveLength(13);

    const fresh = await signedIn("http_fresh");
    const again = await upload(fresh.client, [["musictrace.json", body]]);
    const view = await waitDone(fresh.client, ((await again.json()) as { id: number }).id);
    expect(view.counts).toMatchObject({ read: 12, imported: 12 });
    expect(await listenStats(fresh.user.id)).toEqual(await listenStats(user.id));
  });
});
