/**
 * One run mode end to end: its services (BullMQ: a Redis of the lab's own and a fresh database on the
 * machine's PostgreSQL; in-process: nothing, the app's embedded database in its own DATA_DIR), the app,
 * an idle Spotify user for the idle call rate, then the scenarios — side by side, except those that break
 * something, which run alone.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { AppProcess } from "./app-process";
import { type Controls, SpotifyDriver } from "./drivers";
import { appDatabaseUrl } from "./evidence";
import { type Disruptions, type Mode, type Row, runRow, type Scenario } from "./runner";
import { freePort, LabDatabase, RedisServer, sleep } from "./services";
import type { Budget } from "./table";
import { LabUser } from "./user";

export type ModeResult = { rows: Row[]; budget: Budget };

type ModeOptions = {
  runDir: string;
  fakeEnv: Record<string, string>;
  controls: Controls;
  settleMs: number;
  say: (line: string) => void;
};

// Variables of the lab's own shell that must not leak into the app (it gets exactly what a mode needs).
const DROP = ["DATABASE_URL", "REDIS_URL", "JOBS_PREFIX", "PORT", "APP_URL", "DATA_DIR", "NEXTAUTH_URL"];

export async function runMode(mode: Mode, scenarios: Scenario[], o: ModeOptions): Promise<ModeResult> {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, ...o.fakeEnv };
  for (const k of DROP) delete env[k];
  // Every row signs up its own listener from 127.0.0.1: the sign-up and sign-in limits (sized for one
  // person per address) are widened as the browser suite does (e2e/server.ts).
  Object.assign(env, {
    PORT: String(port),
    DATA_DIR: path.join(o.runDir, `${mode}-data`),
    RATE_LIMIT_SCALE: "50",
  });
  let redis: RedisServer | undefined;
  let db: LabDatabase | undefined;
  if (mode === "bullmq") {
    redis = await RedisServer.start(path.join(o.runDir, "redis"));
    const server = process.env.LAB_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
    db = await LabDatabase.create(server, `musictrace_lab_${randomBytes(4).toString("hex")}`);
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redis.url });
  }
  const app = new AppProcess(env, path.join(o.runDir, `app-${mode}.log`));
  const cleanup = async () => {
    await app.stop();
    await redis?.stop();
    await db?.drop();
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
  try {
    o.say(`starting the app (${mode}) on port ${port}…`);
    o.say(`app ready in ${((await app.start()) / 1000).toFixed(1)} s`);
    const idle = await idleUser(app.url, o.controls);
    const rowOpts = {
      appUrl: app.url,
      controls: o.controls,
      mode,
      settleMs: o.settleMs,
      databaseUrl: () => appDatabaseUrl(env),
      disrupt: {
        async restartApp(downMs: number, opts: { kill?: boolean } = {}) {
          if (opts.kill) app.kill();
          else await app.stop();
          o.say(`app ${opts.kill ? "killed" : "stopped"}; down for ${downMs / 1000} s`);
          await sleep(downMs);
          o.say(`app ready again in ${((await app.start()) / 1000).toFixed(1)} s`);
        },
        restartRedis: redis && ((downMs: number) => redis.restart(downMs)),
        postgresOutage: db && ((downMs: number) => db.outage(downMs)),
      },
    };
    const mine = scenarios.filter((s) => !s.modes || s.modes.includes(mode));
    const rows: Row[] = [];
    // Side by side, each row its own user; starts staggered so the first polls do not all coincide.
    const shared = mine.filter((s) => !s.exclusive).flatMap((s) => s.targets.map((t) => [s, t] as const));
    o.say(`${shared.length} rows side by side…`);
    rows.push(
      ...(await Promise.all(
        shared.map(async ([s, t], i) => {
          await sleep(i * 700);
          return runRow(s, t, rowOpts);
        }),
      )),
    );
    for (const s of mine.filter((x) => x.exclusive)) {
      o.say(`${s.name} (alone)…`);
      // Its rows (one per provider) play side by side and share one disruption.
      const opts = { ...rowOpts, disrupt: sharedOnce(rowOpts.disrupt) };
      rows.push(...(await Promise.all(s.targets.map((t) => runRow(s, t, opts)))));
    }
    const spotifyRows = rows.filter((r) => r.target === "spotify" && r.spotifyCalls !== undefined);
    const budget: Budget = {
      mode,
      listeningCalls: spotifyRows.reduce((n, r) => n + (r.spotifyCalls ?? 0), 0),
      listenedMs: spotifyRows.reduce((n, r) => n + r.listenedMs, 0),
      ...(await idleRate(idle.driver, idle.since)),
    };
    return { rows, budget };
  } finally {
    await cleanup();
  }
}

/**
 * The rows of one scenario start together and each asks for the disruption at the same moment of its
 * script: the first ask breaks the world, the others (within 10 s) wait for that same break.
 */
function sharedOnce(d: Disruptions): Disruptions {
  const recent = new Map<string, { at: number; done: Promise<void> }>();
  const once = <A extends unknown[]>(name: string, fn: ((...a: A) => Promise<void>) | undefined) =>
    fn &&
    ((...a: A) => {
      const last = recent.get(name);
      if (last && Date.now() - last.at < 10_000) return last.done;
      const done = fn(...a);
      recent.set(name, { at: Date.now(), done });
      return done;
    });
  return {
    restartApp: once("app", d.restartApp) ?? d.restartApp,
    restartRedis: once("redis", d.restartRedis),
    postgresOutage: once("postgres", d.postgresOutage),
  };
}

/**
 * The idle connection's steady rate: its calls in the last 5 minutes of a long window (the first minutes
 * after connecting poll faster by design), or over the whole window when that is short.
 */
async function idleRate(driver: SpotifyDriver, since: number) {
  const now = Date.now();
  const from = now - since >= 10 * 60_000 ? now - 5 * 60_000 : since;
  const times = await driver.callTimes(since);
  return {
    idleCalls: times.filter((t) => t >= from).length,
    idleMs: now - from,
    idleSinceConnectMs: now - since,
  };
}

/** A user who connects Spotify and plays nothing: what an idle connection costs. */
async function idleUser(appUrl: string, c: Controls) {
  const user = new LabUser(appUrl, "idle");
  await user.signUp();
  const driver = new SpotifyDriver(c);
  const since = Date.now();
  await driver.connect(user);
  return { driver, since };
}
