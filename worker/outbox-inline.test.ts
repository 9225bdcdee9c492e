import { randomBytes } from "node:crypto";
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
import { sleep, until } from "@/test/helpers/jobs";
import { connectLastfm, connectLb, seedListens, seedTracks } from "@/test/helpers/outbox";
import { startInline } from "./inline";

/**
 * The outbox without Redis: the in-process runner's own timer chain, on a database of its own (so it never
 * touches other files' users). worker/outbox.test.ts runs BullMQ, with a kill. Counted on the fakes' side.
 */
const { listenbrainz: lb, lastfm: fm } = fakeControls();
let db: RootDb;
let dbUrl: string;
let admin: postgres.Sql;
let dbName: string;
const nowS = () => Math.floor(Date.now() / 1000);

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
  await closeDefaultJobsContext();
  await db?.$client.end();
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin?.end();
});

describe("outbox in the in-process runner", () => {
  it("in-process: a new listen after connecting goes once; a back-fill goes through a lost answer and 429s", {
    timeout: 60_000,
  }, async () => {
    delete process.env.REDIS_URL;
    resetEnvCache();
    const tracks = await seedTracks(db);
    const c = await user("obi");
    await seedListens(db, c.id, tracks, { count: 2_000, endS: nowS() - 3600, spacingS: 120 });
    const lbUser = await connectLb(db, lb, c.id);
    const fmUser = await connectLastfm(db, c.id);
    await lb.failNext({ path: "/1/submit-listens", user: lbUser.name, kind: "accept-then-drop" });
    await lb.failNext({ path: "/1/submit-listens", user: lbUser.name, status: 429, retryAfter: 1, count: 2 });
    await fm.failNext({ path: "track.scrobble", user: fmUser.name, kind: "accept-then-drop" });
    const jobs = await startInline(db, { log: () => {} });
    try {
      await seedListens(db, c.id, tracks, { count: 1, endS: nowS(), spacingS: 1, origin: "live" });
      await until(
        async () => (await lb.stats(lbUser.name)).stored === 1 && (await fm.stats(fmUser.name)).stored === 1,
        30_000,
      );
      await startBackfill(db, c.id, "listenbrainz");
      await startBackfill(db, c.id, "lastfm");
      await until(async () => (await backlog()) === 0, 45_000);
    } finally {
      await jobs.stop();
    }
    await sleep(100);
    const l = await lb.stats(lbUser.name);
    const f = await fm.stats(fmUser.name);
    expect(l.stored).toBe(2_001);
    expect(f.stored).toBe(2_001);
    expect(f.duplicates).toBe(0);
  });
});
