/**
 * npm run bench:worker [-- --users 500 --seconds 60 --concurrency 64]
 * Many connected users playing on the fake Spotify, one worker (BullMQ on REDIS_URL, in this process).
 * Reports polls/s and listens written/s, memory over the run, and the floor: the same process making the
 * same number of bare GET /me/player requests to the fake. Needs DATABASE_URL (a server: a scratch
 * database is created and dropped) and REDIS_URL (a scratch queue prefix is used and deleted).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { listens, users } from "@/db/schema";
import { finishSpotifyConnect, startSpotifyConnect } from "@/lib/connections/spotify-connect";
import { decrypt } from "@/lib/crypto";
import { env, resetEnvCache } from "@/lib/env";
import { createJobsContext } from "@/lib/jobs/queues";
import { FAKE_SPOTIFY_CLIENT_ID, FAKE_SPOTIFY_CLIENT_SECRET } from "@/test/fakes";
import { FakeSpotify, sid } from "@/test/fakes/spotify";
import { startBullWorkers } from "@/worker/bullmq";
import { buildProcessors } from "@/worker/deps";
import { redisLocker } from "@/worker/locks";
import { registerSchedules } from "@/worker/schedules";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "500" },
    seconds: { type: "string", default: "60" },
    concurrency: { type: "string", default: "64" },
  },
});
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency);
const say = (line: string) => console.log(`[bench:worker] ${line}`);

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++] as T);
    }),
  );
}

const base = new URL(env().DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const redisUrl = env().REDIS_URL ?? "redis://127.0.0.1:6379";
const dbName = `musictrace_benchw_${randomBytes(4).toString("hex")}`;
const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
base.pathname = `/${dbName}`;
process.env.TOKEN_ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
const spotify = await FakeSpotify.start({
  clientId: FAKE_SPOTIFY_CLIENT_ID,
  clientSecret: FAKE_SPOTIFY_CLIENT_SECRET,
});
Object.assign(process.env, {
  DATABASE_URL: base.toString(),
  SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
  SPOTIFY_API_URL: spotify.apiUrl,
  SPOTIFY_CLIENT_ID: FAKE_SPOTIFY_CLIENT_ID,
  SPOTIFY_CLIENT_SECRET: FAKE_SPOTIFY_CLIENT_SECRET,
  LOG_LEVEL: "error",
});
resetEnvCache();
await runMigrations(base.toString());
const db = createDb(base.toString(), { max: 20 });

say(`connecting ${USERS} users…`);
const ids = (
  await db
    .insert(users)
    .values(Array.from({ length: USERS }, (_, i) => ({ username: `bench${i}`, passwordHash: "x" })))
    .returning({ id: users.id })
).map((r) => r.id);
await pool(ids, 16, async (userId) => {
  const fake = `bench-${userId}`;
  spotify.addUser({ id: fake });
  spotify.setPlayer(fake, {
    trackId: sid("Trk", 1 + (userId % 4)),
    queue: [1, 2, 3, 4].map((n) => sid("Trk", n)),
    repeat: "context",
    progressMs: (userId * 7919) % 150_000,
  });
  const authorize = new URL(await startSpotifyConnect(db, userId));
  authorize.searchParams.set("fake_user", fake);
  const back = new URL((await fetch(authorize, { redirect: "manual" })).headers.get("location") ?? "");
  await finishSpotifyConnect(db, userId, {
    code: back.searchParams.get("code"),
    state: back.searchParams.get("state"),
  });
});

const ctx = createJobsContext(redisUrl, `mt-bench-${randomBytes(4).toString("hex")}`);
const procs = buildProcessors(db, redisLocker(ctx.connection, ctx.prefix), ctx);
let polls = 0;
const poll = procs.poll;
procs.poll = async (p) => {
  const r = await poll(p);
  if (r.kind === "done") polls++;
  return r;
};
const workers = startBullWorkers(ctx, procs, { concurrency: { spotify: CONC } });
await registerSchedules(db, ctx);
const listensAt = async () => (await db.select({ n: count() }).from(listens))[0]?.n ?? 0;
const l0 = await listensAt();
const t0 = Date.now();
const p0 = polls;
const rss: number[] = [];
const sampler = setInterval(() => rss.push(Math.round(process.memoryUsage().rss / 1e6)), 5_000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
clearInterval(sampler);
const elapsed = (Date.now() - t0) / 1000;
const done = polls - p0;
const written = (await listensAt()) - l0;
await workers.close();

// The floor: the same number of bare requests from this process to the same fake, same concurrency.
const tokens = (await db.query.connections.findMany({ columns: { accessTokenEnc: true } })).map((c) =>
  decrypt(c.accessTokenEnc),
);
const reqs = Array.from({ length: done }, (_, i) => tokens[i % tokens.length] as string);
const f0 = Date.now();
await pool(reqs, CONC, async (token) => {
  await (
    await fetch(`${spotify.apiUrl}/me/player`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
});
const floor = done / ((Date.now() - f0) / 1000);
const rate = done / elapsed;
say(
  `users ${USERS}, ${elapsed.toFixed(0)} s: ${rate.toFixed(1)} polls/s, ${(written / elapsed).toFixed(2)} listens written/s (${written})`,
);
say(
  `floor: ${floor.toFixed(1)} bare requests/s → worker at ${((rate / floor) * 100).toFixed(0)} % of the floor`,
);
say(`expected at a 10 s cadence: ${(USERS / 10).toFixed(0)} polls/s; rss MB over the run: ${rss.join(" ")}`);

const keys = await ctx.connection.keys(`${ctx.prefix}:*`);
if (keys.length) await ctx.connection.del(...keys);
await ctx.connection.quit();
await db.$client.end();
await spotify.close();
await admin.unsafe(`drop database if exists ${dbName} with (force)`);
await admin.end();
process.exit(0);
