/**
 * One real world for the whole suite: a fresh PostgreSQL database (on DATABASE_URL's server, or the embedded
 * one when unset) with migrations applied, and — unless MT_TEST_NO_APP=1 — the real app server on a free port.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { env, resetEnvCache } from "@/lib/env";
import { type FakeUrls, startFakes } from "./fakes";
import { TEST_SECRETS } from "./helpers/secrets";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    appUrl: string;
    jobsPrefix: string;
    fakes: FakeUrls;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

export default async function setup(project: TestProject) {
  const server = await ensureDatabase({ ...env(), DATA_DIR: `${env().DATA_DIR}/test` });
  const name = `musictrace_test_${randomBytes(4).toString("hex")}`;
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await runMigrations(databaseUrl);
  project.provide("databaseUrl", databaseUrl);
  // A queue prefix of this run's own, so jobs from other runs on the same Redis never mix with ours.
  const jobsPrefix = `mt-test-${randomBytes(4).toString("hex")}`;
  project.provide("jobsPrefix", jobsPrefix);
  Object.assign(process.env, TEST_SECRETS, { DATABASE_URL: databaseUrl, JOBS_PREFIX: jobsPrefix });
  // Provider fakes (test/fakes) in this process; the app and test files reach them over HTTP.
  const fakes = await startFakes();
  Object.assign(process.env, fakes.env);
  project.provide("fakes", fakes.urls);

  let stopApp = async () => {};
  if (process.env.MT_TEST_NO_APP !== "1") {
    const port = await freePort();
    // The suite plays the trusted reverse proxy: tests choose each request's client address with
    // X-Forwarded-For (test/security relies on it), as a proxy on the same machine would.
    Object.assign(process.env, {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      TRUST_PROXY: "loopback",
    });
    resetEnvCache();
    const { startApp } = await import("@/scripts/app");
    const app = await startApp({ webOnly: true, say: (l) => console.log(`[test app] ${l}`) });
    project.provide("appUrl", app.url);
    stopApp = app.stop;
  }

  return async () => {
    await stopApp();
    await fakes.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    await server.stop();
  };
}
