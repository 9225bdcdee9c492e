/**
 * The app as e2e sees it: a fresh database each run (on DATABASE_URL's server, or the embedded one), then the
 * same startApp() that `npm start` uses.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { createUser } from "@/lib/accounts/users";
import { env, resetEnvCache } from "@/lib/env";
import { startApp } from "@/scripts/app";
import { startFakes } from "@/test/fakes";
import { FakeLrclib } from "@/test/fakes/lrclib";
import { FakeMusicBrainz } from "@/test/fakes/musicbrainz";
import { E2E_ADMIN, e2eDatabaseUrlFile, PASSWORD } from "./constants";
import { FAKE_PORTS } from "./fakes";

const base = await ensureDatabase({ ...env(), DATA_DIR: `${env().DATA_DIR}/db` });
const name = `musictrace_e2e_${randomBytes(4).toString("hex")}`;
const admin = postgres(base.url, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(base.url);
url.pathname = `/${name}`;
process.env.DATABASE_URL = url.toString();
// Specs that must set up a state no UI reaches (a consent given months ago) read this run's database here.
mkdirSync(env().DATA_DIR, { recursive: true });
writeFileSync(e2eDatabaseUrlFile(env().DATA_DIR), url.toString());
// Queues of this run's own (playwright.config.ts passes one), so other runs on the same Redis never mix in.
process.env.JOBS_PREFIX ??= `mt-e2e-${randomBytes(4).toString("hex")}`;
// Every browser of the suite registers and signs in from 127.0.0.1, dozens of accounts an hour.
process.env.RATE_LIMIT_SCALE ??= "50";
resetEnvCache();

// The instance's administrator, made before anyone registers (the first account is the admin).
const seedDb = createDb(url.toString(), { max: 1 });
await runMigrations(url.toString());
await createUser(seedDb, { username: E2E_ADMIN, password: PASSWORD, role: "admin", byAdmin: true });
await seedDb.$client.end();

// The provider fakes on fixed ports, so specs (other processes) can script them; the app points at them.
const fakes = await startFakes(FAKE_PORTS);
// Enrichment runs in this app too: lyrics and genres come from local fakes, never from the internet.
const lrclib = await FakeLrclib.start();
const musicbrainz = await FakeMusicBrainz.start();
Object.assign(process.env, fakes.env, { LRCLIB_URL: lrclib.url, MUSICBRAINZ_URL: `${musicbrainz.url}/ws/2` });
resetEnvCache();

const app = await startApp({ say: (l) => console.log(`[e2e app] ${l}`) });
console.log(`[e2e app] ready on ${app.url}`);

const stop = async () => {
  await app.stop();
  await fakes.close();
  await lrclib.close();
  await musicbrainz.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  await base.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
