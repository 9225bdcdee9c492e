import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type RootDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createUser } from "@/lib/accounts/users";
import { env, resetEnvCache } from "@/lib/env";
import { closeDefaultJobsContext } from "@/lib/jobs/queues";
import { startBackfill } from "@/lib/outbox/targets";
import { fakeControls } from "@/test/fakes/remote";
import { uniqueName } from "@/test/helpers/factories";
import { REDIS_URL, until } from "@/test/helpers/jobs";
import { connectLastfm, connectLb, seedListens, seedTracks } from "@/test/helpers/outbox";

/**
 * The outbox with Redis (BullMQ) on a database of its own (so the workers never touch other files' users):
 * BullMQ with real worker processes, the first killed with SIGKILL while the fakes hold a batch they already
 * stored. worker/outbox-inline.test.ts runs the in-process mode. Counted on the fakes' side: stored, and raw re-sends.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const { listenbrainz: lb, lastfm: fm } = fakeControls();
let db: RootDb;
let dbUrl: string;
let admin: postgres.Sql;
let dbName: string;
const children: ChildProcess[] = [];
const nowS = () => Math.floor(Date.now() / 1000);

function startWorker(prefix: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      REDIS_URL,
      JOBS_PREFIX: prefix,
      LOG_LEVEL: "error",
      OUTBOX_BACKOFF_BASE_MS: "100",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

async function backlog(): Promise<number> {
  const rows = await db.execute(sql`select count(*)::int as n from outbox_items where sent_at is null`);
  return (rows as unknown as { n: number }[])[0]?.n ?? -1;
}

async function user(prefix: string) {
  return createUser(db, { username: uniqueName(prefix), password: "Lively-Tune-2024", byAdmin: true });
}

beforeAll(async () => {
  const base = new URL(env().DATABASE_URL ?? "");
  dbName = `musictrace_outbox_${randomBytes(4).toString("hex")}`;
  admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  base.pathname = `/${dbName}`;
  dbUrl = base.toString();
  await runMigrations(dbUrl);
  db = createDb(dbUrl, { max: 4 });
  await fm.setDailyLimit(1_000_000);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await closeDefaultJobsContext();
  await db?.$client.end();
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin?.end();
});

describe("outbox in the BullMQ worker", () => {
  it("BullMQ: 10k to each target across a kill -9 mid-batch and a 429 storm: 0 lost, 0 doubled", {
    timeout: 120_000,
  }, async () => {
    const prefix = `mt-outbox-${randomBytes(4).toString("hex")}`;
    // This process's enqueues (connect, back-fill) go to the workers' queues.
    Object.assign(process.env, { REDIS_URL, JOBS_PREFIX: prefix });
    resetEnvCache();
    const tracks = await seedTracks(db);
    const a = await user("obw");
    const b = await user("obw");
    await seedListens(db, a.id, tracks, { count: 10_000, endS: nowS() - 60, spacingS: 200 });
    await seedListens(db, b.id, tracks, { count: 10_000, endS: nowS() - 60, spacingS: 95 });
    const lbUser = await connectLb(db, lb, a.id);
    const fmUser = await connectLastfm(db, b.id);
    // The first batch of each is stored by the target, whose answer then hangs: the worker dies meanwhile.
    await lb.failNext({
      path: "/1/submit-listens",
      user: lbUser.name,
      kind: "accept-then-drop",
      delayMs: 20_000,
    });
    await lb.failNext({ path: "/1/submit-listens", user: lbUser.name, status: 429, retryAfter: 1, count: 3 });
    await fm.failNext({
      path: "track.scrobble",
      user: fmUser.name,
      kind: "accept-then-drop",
      delayMs: 20_000,
    });
    await fm.failNext({ path: "track.scrobble", user: fmUser.name, kind: "error:29", count: 3 });
    await startBackfill(db, a.id, "listenbrainz");
    await startBackfill(db, b.id, "lastfm");
    const t0 = Date.now();
    const first = startWorker(prefix);
    await until(
      async () => (await lb.stats(lbUser.name)).raw >= 1000 && (await fm.stats(fmUser.name)).raw >= 50,
      40_000,
    );
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const second = startWorker(prefix);
    await until(async () => (await backlog()) === 0, 90_000);
    const ms = Date.now() - t0;
    second.kill("SIGTERM");
    await new Promise((r) => second.once("exit", r));
    const l = await lb.stats(lbUser.name);
    const f = await fm.stats(fmUser.name);
    console.log(
      `[outbox bullmq] both 10k back-fills in ${ms} ms incl. 2 worker starts; LB raw ${l.raw} (re-sent ${l.duplicates}), Last.fm raw ${f.raw} (doubled ${f.duplicates})`,
    );
    expect(l.stored).toBe(10_000);
    expect(l.duplicates).toBeLessThanOrEqual(1000); // only the batch in flight at the kill, absorbed by LB's dedupe
    expect(f.stored).toBe(10_000);
    expect(f.duplicates).toBe(0);
  });
});
