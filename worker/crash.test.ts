import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type RootDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { listens } from "@/db/schema";
import { createUser } from "@/lib/accounts/users";
import { getConnection } from "@/lib/connections/store";
import { env } from "@/lib/env";
import { fakeControls } from "@/test/fakes/remote";
import { DEFAULT_TRACKS, sid } from "@/test/fakes/spotify";
import { uniqueName } from "@/test/helpers/factories";
import { REDIS_URL, sleep } from "@/test/helpers/jobs";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { reconcileSpotify } from "./live";

/**
 * A real worker process polls a fake Spotify player through three 45 s tracks; it is killed with SIGKILL
 * right after it sent a poll, a second worker takes over, and afterwards recently-played is reconciled.
 * Every track must end up as exactly one counted listen. Runs on its own database, so the worker never
 * polls other test files' users.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const TRACK_MS = 45_000;
let db: RootDb;
let dbUrl: string;
let admin: postgres.Sql;
let dbName: string;
const children: ChildProcess[] = [];

function startWorker(prefix: string): ChildProcess {
  // node itself with tsx's loader, not the tsx CLI: the CLI runs the program in a child process, so SIGKILL
  // would only kill the wrapper and leave the real worker running.
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, REDIS_URL, JOBS_PREFIX: prefix, LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  const base = new URL(env().DATABASE_URL ?? "");
  dbName = `musictrace_crash_${randomBytes(4).toString("hex")}`;
  admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  base.pathname = `/${dbName}`;
  dbUrl = base.toString();
  await runMigrations(dbUrl);
  db = createDb(dbUrl, { max: 3 });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await db?.$client.end();
  await admin?.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
  await admin?.end();
});

describe("worker crash", () => {
  it("kill -9 mid-poll loses no listen and doubles none", { timeout: 240_000 }, async () => {
    const { spotify } = fakeControls();
    const user = await createUser(db, {
      username: uniqueName("crash"),
      password: "Lively-Tune-2024",
      byAdmin: true,
    });
    const fakeUser = uniqueName("sp");
    await spotify.addUser({ id: fakeUser });
    const base = DEFAULT_TRACKS[0];
    if (!base) throw new Error("no fake tracks");
    const ids = [1, 2, 3].map((n) => sid(`Cr${randomBytes(2).toString("hex")}`, n));
    for (const [i, id] of ids.entries()) {
      await spotify.addTrack({
        ...base,
        id,
        name: `Crash Test ${i + 1}`,
        durationMs: TRACK_MS,
        isrc: undefined,
      });
    }
    await connectSpotifyDirect(db, user.id, fakeUser);
    const prefix = `mt-crash-${randomBytes(4).toString("hex")}`;
    // Music starts once the first worker watches (its first poll sees an idle player): a worker that took
    // long to start on a busy machine would otherwise meet track 1 near its end, credit only what it saw,
    // and the test would be about a late start rather than a crash.
    const first = startWorker(prefix);
    const polled = () => spotify.requests({ path: "/v1/me/player", user: fakeUser });
    for (let i = 0; i < 1200 && !(await polled()).length; i++) await sleep(50);
    expect((await polled()).length).toBeGreaterThan(0);
    await spotify.setPlayer(fakeUser, { trackId: ids[0], queue: ids.slice(1), progressMs: 0 });
    const t0 = Date.now();
    // Wait until track 2 plays, then kill the worker right after it sent a /me/player request.
    await sleep(TRACK_MS + 8_000 - (Date.now() - t0));
    const seen = (await spotify.requests()).length;
    for (let i = 0; i < 300 && (await spotify.requests()).length === seen; i++) await sleep(50);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const second = startWorker(prefix);
    await sleep(3 * TRACK_MS + 25_000 - (Date.now() - t0));
    second.kill("SIGTERM");
    await new Promise((r) => second.once("exit", r));

    // Recently-played returns the same plays again: they merge, they are not added.
    const conn = await getConnection(db, user.id, "spotify");
    if (!conn) throw new Error("no connection");
    await reconcileSpotify(db, conn);
    await reconcileSpotify(db, conn);

    const rows = await db
      .select()
      .from(listens)
      .where(and(eq(listens.userId, user.id), eq(listens.skipped, false)));
    const counted = rows.filter((r) => r.duplicateOf === null);
    expect(counted).toHaveLength(3);
    expect(new Set(counted.map((r) => r.trackId)).size).toBe(3);
    // the live watcher, not only the safety net, saw the plays on both sides of the crash
    expect(counted.filter((r) => r.origin === "live").length).toBeGreaterThanOrEqual(2);
  });
});
