/**
 * npm run bench:worker [-- --users 500 --seconds 60 --concurrency 512 --warmup 15 --capacity-seconds 30
 *   --cpu-prof out.cpuprofile]
 * Many connected users playing on the fake Spotify, one worker (BullMQ on REDIS_URL, in this process).
 * After the worker has started (schedulers registered, start-up reconciles queued) and a warm-up, it
 * reports over `--seconds`: polls/s and listens written/s, how far apart each user's polls are (the
 * cadence kept), memory, and the floor: the same process making the same number of bare GET /me/player
 * requests to the fake. While the worker keeps up, polls/s is what the users ask for, not what it could
 * do, so it also reports this process's CPU time per poll against per bare request (and the PostgreSQL
 * server processes' CPU per poll). Then its capacity: every user asked for as often as the rules ever
 * allow (1 s), far more than one process serves, and the real polls done per second counted: that,
 * against the floor's requests per second (also flat out, same concurrency, in rounds alternating with
 * the polls), is the "% of the floor". Needs DATABASE_URL (a server: a scratch database is created and
 * dropped) and REDIS_URL (a scratch queue prefix is used and deleted).
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { listens, users } from "@/db/schema";
import { coalesceStats } from "@/lib/coalesce";
import { finishSpotifyConnect, startSpotifyConnect } from "@/lib/connections/spotify-connect";
import { decrypt } from "@/lib/crypto";
import { env, resetEnvCache } from "@/lib/env";
import { POLL_MIN_MS, QUEUES } from "@/lib/jobs/contract";
import { flushCounters, readCounters } from "@/lib/jobs/counters";
import { schedulePolling } from "@/lib/jobs/enqueue";
import { closeJobsContext, createJobsContext, defaultJobsContext, getQueue } from "@/lib/jobs/queues";
import { FAKE_SPOTIFY_CLIENT_ID, FAKE_SPOTIFY_CLIENT_SECRET } from "@/test/fakes";
import { FakeSpotify, sid } from "@/test/fakes/spotify";
import { QUEUE_SETTINGS, startBullWorkers } from "@/worker/bullmq";
import { buildProcessors } from "@/worker/deps";
import { redisLocker } from "@/worker/locks";
import { activeConnections, registerSchedules } from "@/worker/schedules";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "500" },
    seconds: { type: "string", default: "60" },
    // Default: the worker's own setting (QUEUE_SETTINGS); the floor runs at the same concurrency.
    concurrency: { type: "string" },
    warmup: { type: "string", default: "15" },
    "capacity-seconds": { type: "string", default: "30" },
    // Writes a V8 CPU profile of the first capacity round's polls (flat out: the cost that decides the
    // % of the floor); open it in Chrome DevTools or speedscope.
    "cpu-prof": { type: "string" },
  },
});
const USERS = Number(values.users);
const SECONDS = Number(values.seconds);
const CONC = Number(values.concurrency ?? QUEUE_SETTINGS[QUEUES.spotify].concurrency);
const WARMUP = Number(values.warmup);
const say = (line: string) => console.log(`[bench:worker] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(0);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

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
// Connecting a user schedules its polling through the default jobs context: it must use the scratch
// prefix too, or the run leaves thousands of schedulers behind in everyone's queues.
const prefix = `mt-bench-${randomBytes(4).toString("hex")}`;
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
  JOBS_PREFIX: prefix,
});
resetEnvCache();
await runMigrations(base.toString());

/** CPU time of this database's server processes (a local server: /proc), or null when unreadable. */
async function pgCpuMs(): Promise<number | null> {
  const pids = await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${dbName}`;
  let ticks = 0;
  for (const { pid } of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
    if (!stat) return null;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
// The pool size the worker has (getDb: createDb default); with coalesced statements it is plenty.
const db = createDb(base.toString());

say(`connecting ${USERS} users…`);
const setupStart = Date.now();
const ids = (
  await db
    .insert(users)
    .values(Array.from({ length: USERS }, (_, i) => ({ username: `bench${i}`, passwordHash: "x" })))
    .returning({ id: users.id })
).map((r) => r.id);
await pool(ids, 64, async (userId) => {
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

say(`connected in ${secondsSince(setupStart)} s`);
const ctx = createJobsContext(redisUrl, prefix);
const procs = buildProcessors(db, redisLocker(ctx.connection, ctx.prefix), ctx);

// Cadence kept = each user's time between two polls stays near the 10 s the rules ask for while playing.
// A fixed histogram (100 ms buckets), so the bench itself does not grow memory over a long run.
const BUCKET_MS = 100;
const gaps = new Uint32Array(1200);
const stepGaps = new Uint32Array(1200); // the same, for the current progress interval only
const lastPoll = new Map<number, number>();
let measuring = false;
let polls = 0;
const poll = procs.poll;
let pollMs = 0;
// Background jobs run per interval, for the long-run progress lines (what competes with the polls).
const jobsRun = { reconcile: 0, "sync-likes": 0 };
const { reconcile, "sync-likes": syncLikes } = procs;
procs.reconcile = (p) => {
  jobsRun.reconcile++;
  return reconcile(p);
};
procs["sync-likes"] = (p) => {
  jobsRun["sync-likes"]++;
  return syncLikes(p);
};
// The capacity phase asks every user again as soon as the rules ever allow.
let flatOut = false;
procs.poll = async (p) => {
  const start = Date.now();
  const r = await poll(p);
  if (r.kind !== "done") return r;
  polls++;
  if (flatOut) return { ...r, nextPollInMs: POLL_MIN_MS };
  const t = Date.now();
  if (measuring) pollMs += t - start;
  const prev = lastPoll.get(p.userId);
  const bucket = Math.min(gaps.length - 1, Math.floor((t - (prev ?? t)) / BUCKET_MS));
  if (measuring && prev) {
    gaps[bucket] = (gaps[bucket] ?? 0) + 1;
    stepGaps[bucket] = (stepGaps[bucket] ?? 0) + 1;
  }
  lastPoll.set(p.userId, t);
  return r;
};
const gapPercentile = (q: number, hist = gaps) => {
  const total = hist.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (const [i, n] of hist.entries()) {
    seen += n;
    if (seen >= q * total) return ((i + 1) * BUCKET_MS) / 1000;
  }
  return Number.NaN;
};

// Connecting scheduled each user at once (polls, like syncs): start from an empty queue instead, as a
// worker does when Redis lost its data, so the start registers every connection and queues its reconcile.
const connectKeys = await ctx.connection.keys(`${ctx.prefix}:*`);
if (connectKeys.length) await ctx.connection.del(...connectKeys);
const startAt = Date.now();
const workers = startBullWorkers(ctx, procs, { concurrency: { spotify: CONC } });
const registered = await registerSchedules(db, ctx);
say(
  `worker start: ${registered.registered} schedulers registered in ${secondsSince(startAt)} s; ${polls} polls meanwhile`,
);
await sleep(WARMUP * 1000);
const spotifyQueue = getQueue(ctx, QUEUES.spotify);
const waiting = async () => (await spotifyQueue.getJobCounts("wait")).wait ?? 0;
const listensAt = async () => (await db.select({ n: count() }).from(listens))[0]?.n ?? 0;
const [l0, w0, pg0] = await Promise.all([listensAt(), waiting(), pgCpuMs()]);
const t0 = Date.now();
const p0 = polls;
const bg0 = { ...jobsRun };
const cpu0 = process.cpuUsage();
measuring = true;
const rss: number[] = [];
const heap: number[] = [];
const SAMPLE_MS = SECONDS >= 120 ? 30_000 : 5_000;
let step = { polls: polls, cpu: process.cpuUsage(), reconcile: 0, likes: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  rss.push(Math.round(m.rss / 1e6));
  heap.push(Math.round(m.heapUsed / 1e6));
  if (SAMPLE_MS < 30_000) return;
  // Long runs: one progress line per interval, so a slide of the cadence shows when and alongside what.
  const n = polls - step.polls;
  const cpu = cpuMs(process.cpuUsage(step.cpu)) / Math.max(1, n);
  void spotifyQueue.getJobCounts("wait", "delayed", "prioritized", "active").then((c) => {
    say(
      `  +${secondsSince(t0)} s: ${(n / (SAMPLE_MS / 1000)).toFixed(0)} polls/s, ${cpu.toFixed(2)} ms CPU/poll, gaps p95 ${gapPercentile(0.95, stepGaps)} s; reconciles ${jobsRun.reconcile - step.reconcile}, like syncs ${jobsRun["sync-likes"] - step.likes}; queue wait ${c.wait} prioritized ${c.prioritized} delayed ${c.delayed} active ${c.active}; rss ${Math.round(m.rss / 1e6)} MB`,
    );
    stepGaps.fill(0);
    step = { polls, cpu: process.cpuUsage(), reconcile: jobsRun.reconcile, likes: jobsRun["sync-likes"] };
  });
}, SAMPLE_MS);
await sleep(SECONDS * 1000);
measuring = false;
clearInterval(sampler);
const elapsed = (Date.now() - t0) / 1000;
const done = polls - p0;
const bg = { reconcile: jobsRun.reconcile - bg0.reconcile, likes: jobsRun["sync-likes"] - bg0["sync-likes"] };
const pollCpu = cpuMs(process.cpuUsage(cpu0)) / done;
const [l1, w1, pg1] = await Promise.all([listensAt(), waiting(), pgCpuMs()]);
await flushCounters(db);
const counters = await readCounters(db);

// The floor: bare GET /me/player requests from this process to the same fake, CONC at a time, flat out.
const tokens = (await db.query.connections.findMany({ columns: { accessTokenEnc: true } })).map((c) =>
  decrypt(c.accessTokenEnc),
);
async function bareRequests(n: number) {
  const reqs = Array.from({ length: n }, (_, i) => tokens[i % tokens.length] as string);
  const [t, c] = [Date.now(), process.cpuUsage()];
  await pool(reqs, CONC, async (token) => {
    await (
      await fetch(`${spotify.apiUrl}/me/player`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
  });
  return { ms: Date.now() - t, cpu: cpuMs(process.cpuUsage(c)) };
}

// Capacity: real polls (HTTP, state machine, writes) with every user due each second, after a settling
// pause while the schedulers move to the new cadence. The machine is shared and noisy, so the capacity and
// the floor are measured in alternating rounds (the workers paused while the floor runs) and summed.
const CAP_SECONDS = Number(values["capacity-seconds"]);
const ROUNDS = 3;
let capacity: { rate: number; cpu: number; floor: number; rounds: string[]; perSecond: number[] } | null =
  null;
if (CAP_SECONDS > 0) {
  flatOut = true;
  await pool(await activeConnections(db), 32, (c) => schedulePolling(c, { everyMs: POLL_MIN_MS }, ctx));
  await sleep(10_000);
  // Polls per second through the rounds, printed: a stall (a worker idle with polls due) shows as a dip.
  let lastCount = polls;
  const perSecond: number[] = [];
  const ticker = setInterval(() => {
    if (!workers.workers[0]?.isPaused()) perSecond.push(polls - lastCount);
    lastCount = polls;
  }, 1000);
  const sum = { polls: 0, ms: 0, cpu: 0, reqs: 0, floorMs: 0 };
  const rounds: string[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r > 0) {
      // A resumed worker may still sit in the blocking wait it started when paused (up to BullMQ's 10 s
      // cap): wait until polls flow again, then let them settle, so the round measures polling only.
      for (const w of workers.workers) w.resume();
      const before = polls;
      const giveUpAt = Date.now() + 30_000;
      while (polls - before < CONC && Date.now() < giveUpAt) await sleep(50);
      if (polls - before < CONC) say(`capacity round ${r + 1}: the resumed worker polled little for 30 s`);
      await sleep(2_000);
    }
    const profiler = r === 0 && values["cpu-prof"] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const [c0, t0, cc0] = [polls, Date.now(), process.cpuUsage()];
    await sleep((CAP_SECONDS * 1000) / ROUNDS);
    if (profiler) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(values["cpu-prof"] as string, JSON.stringify(profile));
      profiler.disconnect();
    }
    const [n, ms, cpu] = [polls - c0, Date.now() - t0, cpuMs(process.cpuUsage(cc0))];
    await Promise.all(workers.workers.map((w) => w.pause()));
    const f = await bareRequests(n);
    Object.assign(sum, {
      polls: sum.polls + n,
      ms: sum.ms + ms,
      cpu: sum.cpu + cpu,
      reqs: sum.reqs + n,
      floorMs: sum.floorMs + f.ms,
    });
    rounds.push(`${((n / ms) * 1000).toFixed(0)}/${((n / f.ms) * 1000).toFixed(0)}`);
  }
  clearInterval(ticker);
  capacity = {
    rate: sum.polls / (sum.ms / 1000),
    cpu: sum.cpu / sum.polls,
    floor: sum.reqs / (sum.floorMs / 1000),
    rounds,
    perSecond,
  };
}
await workers.close();

// The floor beside the 500 polls/s above: the same number of bare requests, for the CPU per request.
const bare = await bareRequests(done);
const floorCpu = bare.cpu / done;
const floor = done / (bare.ms / 1000);
const rate = done / elapsed;
say(
  `users ${USERS}, ${elapsed.toFixed(0)} s: ${rate.toFixed(1)} polls/s (needed at a 10 s cadence: ${(USERS / 10).toFixed(0)}), ${((l1 - l0) / elapsed).toFixed(2)} listens written/s (${l1 - l0})`,
);
say(
  `cadence: time between a user's polls p50 ${gapPercentile(0.5)} s, p95 ${gapPercentile(0.95)} s, p99 ${gapPercentile(0.99)} s; jobs waiting ${w0} → ${w1}; a poll takes ${(pollMs / done).toFixed(0)} ms (wall)`,
);
say(
  `floor: ${floor.toFixed(1)} bare requests/s flat out (the polls above are what the users asked for, not what the worker can do)`,
);
say(
  `CPU of this process: ${pollCpu.toFixed(2)} ms per poll, ${floorCpu.toFixed(2)} ms per bare request → a poll costs ${(pollCpu / floorCpu).toFixed(1)}× a bare request (capacity ${((floorCpu / pollCpu) * 100).toFixed(0)} % of the floor)${pg0 !== null && pg1 !== null ? `; PostgreSQL backends ${((pg1 - pg0) / done).toFixed(2)} ms per poll` : ""}`,
);
if (capacity) {
  say(
    `capacity (every user due each second, ${ROUNDS} rounds, ${CAP_SECONDS} s): ${capacity.rate.toFixed(0)} polls/s at ${capacity.cpu.toFixed(2)} ms CPU per poll, against ${capacity.floor.toFixed(0)} bare requests/s in rounds beside them → ${((capacity.rate / capacity.floor) * 100).toFixed(0)} % of the floor (polls/s / requests/s per round: ${capacity.rounds.join(", ")})`,
  );
  say(`capacity, polls in each second the workers ran: ${capacity.perSecond.join(" ")}`);
}
// Their CPU is in "per poll" too: right after a start, the start reconciles (spread over 5 minutes) add up.
say(`background jobs in the window: ${bg.reconcile} reconciles, ${bg.likes} like syncs`);
say(
  `counters since start: ${["polls", "poll_errors", "rate_limited_429", "listens_reconciled", "listens_merged"].map((k) => `${k} ${counters[k] ?? 0}`).join(", ")}`,
);
say(
  `batched round trips since start: ${[...coalesceStats].map(([name, s]) => `${name} ${s.items} in ${s.batches} (${(s.items / s.batches).toFixed(1)} per batch)`).join(", ")}`,
);
say(`memory over the run (MB): rss ${rss.join(" ")}; heap used ${heap.join(" ")}`);

// The targets of issue #4, each met or not. Memory: the last minute's RSS against the second minute's
// (the first holds the warm-up's growth); only judged on runs of 3 minutes or more.
const perMin = 60_000 / SAMPLE_MS;
const second = rss.slice(perMin, 2 * perMin);
const last = rss.slice(-perMin);
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const memGrowth = SECONDS >= 180 && second.length && last.length ? avg(last) / avg(second) - 1 : null;
const verdict = (ok: boolean | null) => (ok === null ? "not judged" : ok ? "met" : "MISSED");
const p95 = gapPercentile(0.95);
say(`targets (${USERS} users, ${elapsed.toFixed(0)} s):`);
say(`  ≥ ${USERS / 10} polls/s: ${rate.toFixed(1)} → ${verdict(rate >= USERS / 10 - 0.5)}`);
say(
  `  ≥ 50 % of the floor (polls/s flat out against bare requests/s flat out): ${capacity ? `${capacity.rate.toFixed(0)} / ${capacity.floor.toFixed(0)} = ${((capacity.rate / capacity.floor) * 100).toFixed(0)} %` : "not measured (--capacity-seconds 0)"} → ${verdict(capacity ? capacity.rate / capacity.floor >= 0.5 : null)}`,
);
say(`  cadence kept (gaps p95 ≤ 12 s): p95 ${p95} s → ${verdict(p95 <= 12)}`);
say(
  `  flat memory (last minute's RSS within 10 % of the second minute's): ${memGrowth === null ? "run shorter than 3 min" : `${(memGrowth * 100).toFixed(1)} %`} → ${verdict(memGrowth === null ? null : memGrowth <= 0.1)}`,
);

const keys = await ctx.connection.keys(`${ctx.prefix}:*`);
if (keys.length) await ctx.connection.del(...keys);
await closeJobsContext(ctx);
const connectCtx = defaultJobsContext();
if (connectCtx) await closeJobsContext(connectCtx);
await db.$client.end();
await spotify.close();
await admin.unsafe(`drop database if exists ${dbName} with (force)`);
await admin.end();
process.exit(0);
