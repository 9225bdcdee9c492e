import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { runMigrations } from "./migrate";
import { ensureDatabase } from "./server";

// The embedded PostgreSQL is what `npm start` uses on a fresh machine, so it is tested whatever DATABASE_URL says.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-embedded-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function count(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from users`;
    return row?.n ?? -1;
  } finally {
    await sql.end();
  }
}

describe("embedded PostgreSQL", () => {
  // initdb and three server starts: seconds on an idle machine, well over the default 30 s on a busy one.
  it("initialises, migrates, keeps data across restarts and stops cleanly", {
    timeout: 180_000,
  }, async () => {
    const first = await ensureDatabase({ DATA_DIR: dataDir });
    await runMigrations(first.url);
    const sql = postgres(first.url, { max: 1, onnotice: () => {} });
    await sql`insert into users (username, password_hash, role) values ('kept', 'x', 'admin')`;
    await sql.end();
    // A second process (say `npm run seed` while the app runs) connects to the running server.
    const shared = await ensureDatabase({ DATA_DIR: dataDir });
    expect(await count(shared.url)).toBe(1);
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    const second = await ensureDatabase({ DATA_DIR: dataDir });
    try {
      await runMigrations(second.url);
      expect(await count(second.url)).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it("refuses a data directory from a newer PostgreSQL with one clear sentence", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-newer-"));
    fs.mkdirSync(path.join(dir, "postgres"));
    fs.writeFileSync(path.join(dir, "postgres", "PG_VERSION"), "99\n");
    await expect(ensureDatabase({ DATA_DIR: dir })).rejects.toThrow(/created by PostgreSQL 99, newer than/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the exit code the process chose (a failed test run must not exit 0)", {
    timeout: 180_000,
  }, () => {
    // The exit path of `npm test` without DATABASE_URL: the embedded server started and stopped, then the
    // process ends on its own with the code it set, as Vitest does after a failed test.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-exit-"));
    fs.chmodSync(dir, 0o755);
    const script = `
      const { ensureDatabase } = await import("./db/server.ts");
      const db = await ensureDatabase({ DATA_DIR: ${JSON.stringify(dir)} });
      await db.stop();
      process.exitCode = 3;`;
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, DATABASE_URL: "" },
        encoding: "utf8",
        timeout: 170_000,
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
