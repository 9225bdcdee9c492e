import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { closeDb, getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { ensureSetupToken } from "@/lib/accounts/setup";
import { env, resetEnvCache } from "@/lib/env";
import { closeDefaultJobsContext } from "@/lib/jobs/queues";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, compileTrust } from "@/lib/net/client-address";
import { closeSharedPauses } from "@/lib/providers/pause";
import { loadOrCreateSecrets } from "@/lib/secrets";

export const ROOT = path.resolve(import.meta.dirname, "..");

export type RunningApp = { url: string; databaseUrl: string; stop(): Promise<void> };

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
  });
}

// What the Next bundle is built from; a change to any of these makes the next start rebuild.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "db",
  "i18n",
  "messages",
  "public",
  "proxy.ts",
  "next.config.ts",
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Builds the production bundle when there is none or the sources changed since; the first start pays once. */
export function ensureBuilt(say: (line: string) => void): void {
  const buildId = path.join(ROOT, env().NEXT_DIST_DIR, "BUILD_ID");
  if (fs.existsSync(buildId)) {
    const built = fs.statSync(buildId).mtimeMs;
    if (BUILD_INPUTS.every((p) => newestMtime(path.join(ROOT, p)) <= built)) return;
    say("sources changed since the last build; rebuilding…");
  } else {
    say("building the app (first start only, takes a minute or two)…");
  }
  const build = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0) throw new Error("The build failed; see the output above.");
}

/**
 * The all-in-one app: database (embedded unless DATABASE_URL), migrations, secrets, build, web server and,
 * unless webOnly, the background jobs. Used by `npm start`, the test suite and e2e alike.
 */
export async function startApp(
  opts: { webOnly?: boolean; say?: (line: string) => void } = {},
): Promise<RunningApp> {
  const say = opts.say ?? (() => {});
  const cfg = env();
  if (!(await portFree(cfg.PORT))) {
    throw new Error(`Port ${cfg.PORT} is already in use; stop the program using it or set PORT.`);
  }

  // Secrets: from the environment when given, otherwise generated once into DATA_DIR.
  const secrets = loadOrCreateSecrets(cfg.DATA_DIR);
  process.env.AUTH_SECRET ??= secrets.AUTH_SECRET;
  process.env.TOKEN_ENCRYPTION_KEY ??= secrets.TOKEN_ENCRYPTION_KEY;
  process.env.NEXTAUTH_URL ??= cfg.APP_URL;
  resetEnvCache(); // env() was read above; the jobs in this process must see the secrets just set

  ensureBuilt(say);
  say(cfg.DATABASE_URL ? "connecting to DATABASE_URL…" : `starting database in ${cfg.DATA_DIR}…`);
  const db = await ensureDatabase({ ...cfg, log: say });
  // From here on a failure must not leave the embedded database running.
  try {
    process.env.DATABASE_URL = db.url;
    resetEnvCache();
    say("applying migrations…");
    await runMigrations(db.url);
    say("starting web server…");
    (process.env as Record<string, string>).NODE_ENV = "production";
    const { default: next } = await import("next");
    const app = next({ dev: false, dir: ROOT, hostname: cfg.HOST, port: cfg.PORT });
    await app.prepare();
    const handle = app.getRequestHandler();
    const trust = compileTrust(cfg.TRUST_PROXY);
    const https = cfg.APP_URL.startsWith("https://");
    const server = http.createServer((req, res) => {
      // Browsers that once reached us over https never fall back to plain http (a downgrade attack).
      if (https) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
      // The one place the client address is worked out (TRUST_PROXY); whatever a client sent under this
      // header name is replaced, so handlers can rely on it.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, trust);
      // Next answers an address with a broken %-escape (`/genre/a%`) with a bare 500 from every route:
      // it is the client's mistake, so a 400 that says so, before Next sees it.
      if (!decodablePath(req.url)) {
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        res.end("Bad request: the address has a broken %-escape.\n");
        return;
      }
      void handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", () =>
        reject(new Error(`Port ${cfg.PORT} is already in use; stop the program using it or set PORT.`)),
      );
      server.listen(cfg.PORT, cfg.HOST, resolve);
    });
    const setupToken = await ensureSetupToken(getDb());
    if (setupToken) {
      say("no account yet: the first one becomes the administrator. Create it from this machine, or from");
      say(`anywhere with the setup token: ${cfg.APP_URL}/register?setup=${encodeURIComponent(setupToken)}`);
    }
    const jobs = opts.webOnly
      ? undefined
      : await (await import("@/worker/run")).startJobs({ redisUrl: cfg.REDIS_URL, log: say });
    return {
      url: cfg.APP_URL,
      databaseUrl: db.url,
      async stop() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await jobs?.stop();
        await app.close();
        // The pools the web routes and the jobs share (on globalThis), then the database itself.
        await closeDefaultJobsContext();
        await closeSharedPauses();
        await closeDb();
        await db.stop();
      },
    };
  } catch (err) {
    await db.stop();
    throw err;
  }
}

/** Ctrl-C or SIGTERM runs `stop` once, says so, and exits (`npm start`, `npm run demo`). */
export function stopOnSignals(say: (line: string) => void, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, stopping…`);
    await stop();
    say("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void onSignal("SIGINT"));
  process.on("SIGTERM", () => void onSignal("SIGTERM"));
}

/** Whether a request path's %-escapes decode (the query string is each handler's to validate). */
function decodablePath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0] ?? "/");
    return true;
  } catch {
    return false;
  }
}
