import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { createImport, getImport } from "@/lib/imports/create";
import { runImport } from "@/lib/imports/run";

export async function storeFiles(files: { name: string; data: Buffer | string }[]) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mt-import-"));
  return Promise.all(
    files.map(async (f, i) => {
      const data = Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data);
      const file = path.join(dir, `${i}-${f.name}`);
      await fs.writeFile(file, data);
      return {
        path: file,
        name: f.name,
        bytes: data.length,
        sha256: createHash("sha256").update(data).digest("hex"),
      };
    }),
  );
}

/** Upload → job → report, through the same functions the route and the worker use. */
export async function importFiles(userId: number, files: { name: string; data: Buffer | string }[]) {
  const uploads = await storeFiles(files);
  const { id } = await createImport(getDb(), { userId, uploads, maxBytes: 1024 ** 3 });
  await runImport(getDb(), id);
  return getImport(getDb(), { userId, id });
}

export async function listenStats(userId: number) {
  const rows = (await getDb().execute(sql`
    select count(*) filter (where not skipped and duplicate_of is null)::int as counted,
      count(*) filter (where skipped and duplicate_of is null)::int as skips,
      count(*) filter (where duplicate_of is not null)::int as dups,
      count(*)::int as total,
      coalesce(sum(ms_played) filter (where not skipped and duplicate_of is null), 0)::bigint as ms
    from listens where user_id = ${userId}`)) as unknown as {
    counted: number;
    skips: number;
    dups: number;
    total: number;
    ms: string;
  }[];
  const r = rows[0] as (typeof rows)[number];
  return { ...r, ms: Number(r.ms) };
}
