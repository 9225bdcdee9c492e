/**
 * npm run bench:stats [-- --listens 1000000 --users 20 --user-listens 50000 --requests 30 --naive-runs 5]
 * Seeds one big history beside many ordinary ones, starts the real HTTP server and measures every stats
 * endpoint (range=all and range=30d) against two baselines: the floor (GET /api/user/services) and the
 * naive SQL aggregate over raw listens (scripts/bench/naive.ts). Besides HTTP timings (answers cached per
 * stats version after the first request) it times each computation uncached, in-process, and the whole
 * dashboard both warm and right after a new listen (every cached answer stale). Re-runs reuse the seeded
 * data (same DATA_DIR, or same DATABASE_URL). BENCH_ONLY=recap times only the uncached recap of the last full
 * year (no HTTP server, no other endpoint), for iterating on it.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb, type RootDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { createUser, findUserByUsername } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { seedHistory } from "@/lib/seed";
import { getActivity } from "@/lib/stats/activity";
import { getCalendar } from "@/lib/stats/calendar";
import { getGroupDetail } from "@/lib/stats/group";
import { getHeatmap } from "@/lib/stats/heatmap";
import { getHistory } from "@/lib/stats/history";
import { getOverview } from "@/lib/stats/overview";
import { type StatsParams, statsParams } from "@/lib/stats/params";
import { getRecap } from "@/lib/stats/recap";
import { getRecent } from "@/lib/stats/recent";
import { searchLibrary } from "@/lib/stats/search";
import { getSessions } from "@/lib/stats/sessions";
import { getSummary } from "@/lib/stats/summary";
import { getTop, type TopKind } from "@/lib/stats/top";
import { localParts } from "@/lib/stats/zone";
import { BenchClient, percentile } from "./http-client";
import { type BenchPicks, naiveQueries } from "./naive";

const { values } = parseArgs({
  options: {
    listens: { type: "string", default: "1000000" },
    users: { type: "string", default: "20" },
    "user-listens": { type: "string", default: "50000" },
    requests: { type: "string", default: "30" },
    "naive-runs": { type: "string", default: "5" },
    port: { type: "string", default: "3987" },
    "seed-only": { type: "boolean", default: false },
  },
});
const N = Number(values.listens);
const USERS = Number(values.users);
const USER_LISTENS = Number(values["user-listens"]);
const REQUESTS = Math.max(30, Number(values.requests));
const NAIVE_RUNS = Math.max(1, Number(values["naive-runs"]));
const PASSWORD = "Bench-Listener-2024";
const TZ = "Europe/Moscow";
const say = (line: string) => console.log(`[bench] ${line}`);

process.env.DATA_DIR ??= ".data/bench";
process.env.PORT = values.port;
process.env.APP_URL = `http://127.0.0.1:${values.port}`;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

async function ensureUser(db: ReturnType<typeof createDb>, name: string, listens: number, seed: string) {
  let user = await findUserByUsername(db, name);
  if (!user) {
    await createUser(db, { username: name, password: PASSWORD, byAdmin: true });
    user = await findUserByUsername(db, name);
  }
  if (!user) throw new Error(`could not create ${name}`);
  await db.$client`update users set time_zone = ${TZ} where id = ${user.id}`;
  const [row] = await db.$client<
    { n: number }[]
  >`select count(*)::int as n from listens where user_id = ${user.id}`;
  if ((row?.n ?? 0) < listens * 0.9) {
    const r = await seedHistory(db.$client, {
      userId: user.id,
      listens,
      seed,
      catalogSeed: "bench",
      years: 10,
      timeZone: TZ,
    });
    say(`seeded ${name}: ${r.listens} listens in ${(r.ms / 1000).toFixed(0)} s`);
  }
  return user.id;
}

async function seedAll(url: string): Promise<number> {
  const db = createDb(url, { max: 4 });
  try {
    const big = await ensureUser(db, "bench_big", N, "big");
    for (let i = 0; i < USERS; i++) await ensureUser(db, `bench_user_${i}`, USER_LISTENS, `small-${i}`);
    await db.$client`vacuum analyze`;
    return big;
  } finally {
    await db.$client.end();
  }
}

type Endpoint = { name: string; path: string; compute: (db: RootDb, p: StatsParams) => Promise<unknown> };

/** Each endpoint's URL and the same computation called in-process without the answer cache (uncached cost). */
function endpoints(range: "all" | "30d", picks: BenchPicks): Endpoint[] {
  const top = (kind: TopKind) => (db: RootDb, p: StatsParams) =>
    getTop(db, p, { kind, by: "plays", limit: 10 });
  const period = range === "all" ? "month" : "day";
  // The recap is of a calendar period, not a range: the last full year beside "all", this month beside "30d".
  const today = localParts(TZ, Date.now());
  const recap = range === "all" ? { year: today.year - 1 } : { year: today.year, month: today.month };
  return [
    { name: "summary", path: `/api/stats/summary?range=${range}`, compute: getSummary },
    { name: "recent", path: `/api/stats/recent?range=${range}`, compute: (db, p) => getRecent(db, p) },
    {
      name: "activity",
      path: `/api/stats/activity?period=${period}&range=${range}`,
      compute: (db, p) => getActivity(db, p, period, true),
    },
    { name: "top", path: `/api/stats/top?kind=artists&range=${range}`, compute: top("artists") },
    { name: "top tracks", path: `/api/stats/top?kind=tracks&range=${range}`, compute: top("tracks") },
    { name: "top genres", path: `/api/stats/top?kind=genres&range=${range}`, compute: top("genres") },
    {
      name: "top page 3",
      path: `/api/stats/top?kind=tracks&range=${range}&page=3&pageSize=50`,
      compute: (db, p) => getTop(db, p, { kind: "tracks", by: "plays", limit: 50, offset: 100 }),
    },
    {
      name: "recap",
      path: `/api/stats/recap?year=${recap.year}${"month" in recap ? `&month=${recap.month}` : ""}`,
      compute: (db, p) => getRecap(db, p, recap),
    },
    {
      name: "sessions",
      path: `/api/stats/sessions?range=${range}`,
      compute: (db, p) => getSessions(db, p),
    },
    { name: "overview", path: `/api/stats/overview?range=${range}`, compute: getOverview },
    { name: "heatmap", path: `/api/stats/heatmap?range=${range}`, compute: getHeatmap },
    { name: "calendar", path: `/api/stats/calendar?range=${range}`, compute: (db, p) => getCalendar(db, p) },
    // Pages without a range of their own answer the same question in both rows (the HTML a visitor gets).
    {
      name: "album page",
      path: `/album/${picks.album}`,
      compute: (db, p) => getGroupDetail(db, p, { kind: "album", id: picks.album }),
    },
    {
      name: "genre page",
      path: `/genre/${encodeURIComponent(picks.genre)}`,
      compute: (db, p) => getGroupDetail(db, p, { kind: "genre", name: picks.genre }),
    },
    {
      name: "search",
      path: `/api/search?q=${encodeURIComponent(picks.query)}`,
      compute: (db, p) => searchLibrary(db, p.userId, picks.query),
    },
    {
      name: "history",
      path: `/api/history?range=${range}`,
      compute: (db, p) => getHistory(db, p, { limit: 50 }),
    },
  ];
}

// What the dashboard's widgets request on first paint (components/dashboard/*), default filters.
const DASHBOARD_CALLS = [
  "/api/stats/summary?range=30d",
  "/api/stats/overview?range=30d",
  "/api/stats/activity?period=day",
  "/api/stats/top?range=30d&kind=artists&by=plays&limit=10",
  "/api/stats/recent",
  "/api/stats/for-you",
];

/** The big user's top album and genre, and the first four letters of their top artist, as search input. */
async function pick(sql: postgres.Sql, userId: number): Promise<BenchPicks> {
  const top = async (kind: string) => {
    const [row] = await sql<{ key: string }[]>`select key from listen_group_totals
      where user_id = ${userId} and kind = ${kind} order by plays desc limit 1`;
    if (!row) throw new Error(`the big user has no ${kind}`);
    return row.key;
  };
  const [artist] = await sql<
    { name: string }[]
  >`select name from artists where id = ${Number(await top("artist"))}`;
  return {
    album: Number(await top("album")),
    genre: await top("genre"),
    query: (artist?.name ?? "a").slice(0, 4),
  };
}

async function timeMany(f: () => Promise<number>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

/**
 * The recap of the last full year, computed uncached 20 times: its own target (≤ 300 ms p95). Each run is
 * paired with the same recap computed from listens (the statement before the rollups), interleaved so the
 * load weighs on both alike: the baseline of the same run.
 */
async function timeRecap(db: RootDb, user: { id: number; timeZone: string }): Promise<string> {
  const lastYear = localParts(TZ, Date.now()).year - 1;
  const rollups: number[] = [];
  const listens: number[] = [];
  for (let i = 0; i < 20; i++) {
    for (const via of i % 2 ? (["listens", "rollups"] as const) : (["rollups", "listens"] as const)) {
      const s = performance.now();
      await getRecap(db, statsParams(user, {}), { year: lastYear }, { via });
      (via === "rollups" ? rollups : listens).push(performance.now() - s);
    }
  }
  const p95 = percentile(rollups, 95);
  const p50 = percentile(rollups, 50);
  const base50 = percentile(listens, 50);
  const base95 = percentile(listens, 95);
  return `recap of ${lastYear} uncached: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (target ≤ 300 ms) ${p95 <= 300 ? "ok" : "MISS"}; from listens, same run: p50 ${base50.toFixed(0)} ms, p95 ${base95.toFixed(0)} ms (${(base50 / p50).toFixed(1)} × the p50)`;
}

async function benchRecapOnly(url: string, bigId: number) {
  const db = createDb(url, { max: 2 });
  try {
    const [load] = loadavg();
    console.log(await timeRecap(db, { id: bigId, timeZone: TZ }));
    console.log(`load average (1 min) at the start: ${load?.toFixed(1)}`);
  } finally {
    await db.$client.end();
  }
}

async function main() {
  const server = await ensureDatabase({ ...env(), log: say });
  await runMigrations(server.url);
  say(`seeding (reused when present): 1 × ${N} + ${USERS} × ${USER_LISTENS} listens…`);
  const bigId = await seedAll(server.url);
  if (values["seed-only"]) {
    clearInterval(sampler);
    await server.stop();
    return;
  }
  if (process.env.BENCH_ONLY === "recap") {
    await benchRecapOnly(server.url, bigId);
    clearInterval(sampler);
    await server.stop();
    return;
  }
  process.env.DATABASE_URL = server.url;
  const { startApp } = await import("@/scripts/app");
  const app = await startApp({ webOnly: true, say });
  const client = new BenchClient(app.url);
  await client.signIn("bench_big", PASSWORD);
  const sql = postgres(server.url, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
  const db = createDb(server.url, { max: 2 });
  const user = { id: bigId, timeZone: TZ };
  let fresh = 0;
  let htmlBytes = 0;
  try {
    for (let i = 0; i < 3; i++) await client.time("/api/user/services");
    const floor = await timeMany(() => client.time("/api/user/services"), REQUESTS);
    const floorP50 = percentile(floor, 50);
    const floorP95 = percentile(floor, 95);
    say(`floor GET /api/user/services: p50 ${floorP50.toFixed(1)} ms, p95 ${floorP95.toFixed(1)} ms`);
    const picks = await pick(sql, bigId);
    say(`album ${picks.album}, genre "${picks.genre}", search "${picks.query}"`);
    const rows: string[] = [];
    const notes: string[] = [];
    let pass = 0;
    let applicable = 0;
    let total = 0;
    for (const range of ["all", "30d"] as const) {
      const naive = naiveQueries(bigId, TZ, range, picks);
      for (const e of endpoints(range, picks)) {
        const cold = await client.time(e.path);
        const samples = await timeMany(() => client.time(e.path), REQUESTS);
        const p95 = percentile(samples, 95);
        const naiveSql = naive[e.name];
        if (!naiveSql) throw new Error(`no naive query for ${e.name}`);
        const naiveP50 = percentile(
          await timeMany(async () => {
            const s = performance.now();
            await sql.unsafe(naiveSql);
            return performance.now() - s;
          }, NAIVE_RUNS),
          50,
        );
        const computeP50 = percentile(
          await timeMany(async () => {
            const s = performance.now();
            await e.compute(db, statsParams(user, { range }));
            return performance.now() - s;
          }, NAIVE_RUNS),
          50,
        );
        // No endpoint answers faster than the floor, so "≤ 0.1 × naive" is only reachable when the naive
        // query takes at least 10 floors; below that the pair is reported n/a with its query-level ratio.
        const reachable = naiveP50 >= 10 * floorP50;
        const okFloor = p95 <= 3 * floorP95;
        const okNaive = p95 <= 0.1 * naiveP50;
        total++;
        if (reachable) applicable++;
        if (okFloor && (!reachable || okNaive)) pass++;
        if (!reachable)
          notes.push(
            `${range} ${e.name}: naive ${naiveP50.toFixed(1)} ms < 10 × floor p50 (${floorP50.toFixed(1)} ms)`,
          );
        rows.push(
          [
            range.padEnd(4),
            e.name.padEnd(11),
            cold.toFixed(1).padStart(8),
            percentile(samples, 50).toFixed(1).padStart(7),
            p95.toFixed(1).padStart(7),
            (p95 / floorP95).toFixed(2).padStart(7),
            naiveP50.toFixed(1).padStart(9),
            (reachable ? (p95 / naiveP50).toFixed(3) : "n/a").padStart(8),
            computeP50.toFixed(1).padStart(10),
            (computeP50 / naiveP50).toFixed(3).padStart(9),
            `  ${okFloor ? "ok" : "MISS"}/${reachable ? (okNaive ? "ok" : "MISS") : "n/a"}`,
          ].join(" "),
        );
      }
    }
    const recapLine = await timeRecap(db, user);
    const htmlTimes: number[] = [];
    const dashboard = () => async () => {
      const s = performance.now();
      const html = await client.fetch("/dashboard");
      const body = await html.text();
      if (!html.ok) throw new Error(`/dashboard answered ${html.status}`);
      htmlTimes.push(performance.now() - s);
      htmlBytes = body.length;
      await Promise.all(DASHBOARD_CALLS.map((p) => client.time(p)));
      return performance.now() - s;
    };
    await client.time("/dashboard"); // the server's first render of the page loads its code once
    const warm = await timeMany(dashboard(), 10);
    // "Fresh": a new listen arrived just before the visit, so every cached answer is stale (the common case
    // for someone listening right now).
    const [track] = await sql<
      { id: number }[]
    >`select track_id as id from listens where user_id = ${bigId} limit 1`;
    const freshRuns = await timeMany(async () => {
      await sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, dedup_key)
        values (${bigId}, ${track?.id ?? 0}, 'spotify', 'live', now(), 200000, ${`bench-fresh-${fresh++}`})`;
      return dashboard()();
    }, 10);
    console.log(
      "\nrange endpoint      cold ms  p50 ms  p95 ms  ×floor  naive ms  ×naive  uncached ms  ×naive  target(≤3×floor / ≤0.1×naive)",
    );
    for (const r of rows) console.log(r);
    console.log(
      "\nn/a: the naive query is faster than 10 HTTP floors, so no endpoint can be 10× faster than it:",
    );
    for (const n of notes) console.log(`  ${n}`);
    console.log(
      `\nfloor p50 ${floorP50.toFixed(1)} ms, p95 ${floorP95.toFixed(1)} ms · ${pass}/${total} endpoint runs meet their targets (${applicable} with the naive target applicable)`,
    );
    const line = (name: string, xs: number[]) =>
      `dashboard ${name} (HTML + ${DASHBOARD_CALLS.length} API calls): p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms (target ≤ 1000 ms)`;
    console.log(line("warm", warm));
    console.log(line("after a new listen", freshRuns));
    console.log(
      `  of which the HTML (${(htmlBytes / 1024).toFixed(0)} KB): p50 ${percentile(htmlTimes, 50).toFixed(0)} ms, p95 ${percentile(htmlTimes, 95).toFixed(0)} ms`,
    );
    console.log(recapLine);
    console.log(`peak RSS of the server process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    if (fresh) await sql`delete from listens where user_id = ${bigId} and dedup_key like 'bench-fresh-%'`;
    await sql.end();
    await db.$client.end();
    await app.stop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
