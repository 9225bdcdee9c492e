/**
 * npm run bench:stats [-- --listens 1000000 --users 20 --user-listens 50000 --requests 30 --naive-runs 5]
 * Seeds one big history beside many ordinary ones, starts the real HTTP server and measures every stats
 * endpoint (range=all and range=30d) against two baselines: the floor (GET /api/user/services) and the
 * naive SQL aggregate over raw listens. Re-runs reuse the seeded data (same DATA_DIR).
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { createUser, findUserByUsername } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { seedHistory } from "@/lib/seed";
import { BenchClient, percentile } from "./http-client";
import { naiveQueries } from "./naive";

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

function endpoints(range: string): [string, string][] {
  return [
    ["summary", `/api/stats/summary?range=${range}`],
    ["recent", `/api/stats/recent?range=${range}`],
    ["activity", `/api/stats/activity?period=${range === "all" ? "month" : "day"}&range=${range}`],
    ["top", `/api/stats/top?kind=artists&range=${range}`],
    ["top tracks", `/api/stats/top?kind=tracks&range=${range}`],
    ["top genres", `/api/stats/top?kind=genres&range=${range}`],
    ["overview", `/api/stats/overview?range=${range}`],
    ["heatmap", `/api/stats/heatmap?range=${range}`],
    ["calendar", `/api/stats/calendar?range=${range}`],
    ["history", `/api/history?range=${range}`],
  ];
}

async function timeMany(f: () => Promise<number>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
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
  process.env.DATABASE_URL = server.url;
  const { startApp } = await import("@/scripts/app");
  const app = await startApp({ webOnly: true, say });
  const client = new BenchClient(app.url);
  await client.signIn("bench_big", PASSWORD);
  const sql = postgres(server.url, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
  try {
    for (let i = 0; i < 3; i++) await client.time("/api/user/services");
    const floor = await timeMany(() => client.time("/api/user/services"), REQUESTS);
    const floorP95 = percentile(floor, 95);
    say(
      `floor GET /api/user/services: p50 ${percentile(floor, 50).toFixed(1)} ms, p95 ${floorP95.toFixed(1)} ms`,
    );
    const rows: string[] = [];
    let pass = 0;
    let total = 0;
    for (const range of ["all", "30d"]) {
      const since = range === "30d" ? new Date(Date.now() - 30 * 86_400_000).toISOString() : null;
      const naive = naiveQueries(bigId, TZ, since);
      for (const [name, path] of endpoints(range)) {
        const cold = await client.time(path);
        const samples = await timeMany(() => client.time(path), REQUESTS);
        const p50 = percentile(samples, 50);
        const p95 = percentile(samples, 95);
        const naiveSql = naive[name.split(" ")[0] ?? name] ?? "";
        const naiveTimes = await timeMany(async () => {
          const s = performance.now();
          await sql.unsafe(naiveSql);
          return performance.now() - s;
        }, NAIVE_RUNS);
        const naiveP50 = percentile(naiveTimes, 50);
        const ok = p95 <= 3 * floorP95 && p95 <= 0.1 * naiveP50;
        total++;
        if (ok) pass++;
        rows.push(
          [
            range.padEnd(4),
            name.padEnd(11),
            cold.toFixed(1).padStart(8),
            p50.toFixed(1).padStart(7),
            p95.toFixed(1).padStart(7),
            (p95 / floorP95).toFixed(2).padStart(7),
            naiveP50.toFixed(1).padStart(9),
            (p95 / naiveP50).toFixed(3).padStart(8),
            ok ? "  ok" : "  MISS",
          ].join(" "),
        );
      }
    }
    const dash = await timeMany(async () => {
      const s = performance.now();
      const html = await client.fetch("/dashboard");
      await html.text();
      await Promise.all(
        [
          "/api/stats/summary?range=30d",
          "/api/stats/overview?range=30d",
          "/api/stats/activity?period=day",
          "/api/stats/top?kind=artists&range=30d&by=plays&limit=10",
          "/api/stats/recent",
        ].map((p) => client.time(p)),
      );
      return performance.now() - s;
    }, 10);
    console.log(
      `\nrange endpoint      cold ms  p50 ms  p95 ms  ×floor  naive ms  ×naive  target(≤3×floor, ≤0.1×naive)`,
    );
    for (const r of rows) console.log(r);
    console.log(`\nfloor p95 ${floorP95.toFixed(1)} ms · ${pass}/${total} endpoint runs meet both targets`);
    console.log(
      `dashboard (HTML + 5 API calls): p50 ${percentile(dash, 50).toFixed(0)} ms, p95 ${percentile(dash, 95).toFixed(0)} ms (target ≤ 1000 ms)`,
    );
    console.log(`peak RSS of the server process: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    clearInterval(sampler);
    await sql.end();
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
