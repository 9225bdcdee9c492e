/**
 * `npm run demo`: MusicTrace with no account anywhere. Starts the fake Spotify, Yandex (REST + Ynison),
 * LRCLIB and MusicBrainz servers, the app and the jobs, a `demo` / `demo` account with a generated year of
 * history, and fake players that keep playing, so now playing changes, listens appear and lyrics load.
 * Its own data dir (.data/demo) keeps it apart from a real install. Ports: PORT (3000), fakes 4010–4014.
 */
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { listens, users } from "@/db/schema";
import { findUserByUsername, hashPassword } from "@/lib/accounts/users";
import { finishSpotifyConnect, startSpotifyConnect } from "@/lib/connections/spotify-connect";
import { getConnection } from "@/lib/connections/store";
import { connectYandex } from "@/lib/connections/yandex-connect";
import { env, resetEnvCache } from "@/lib/env";
import { schedulePolling } from "@/lib/jobs/enqueue";
import { seedHistory } from "@/lib/seed";
import { startFakes } from "@/test/fakes";
import { DEMO_YANDEX_TOKEN, playDemoWorld } from "@/test/fakes/demo-world";
import { FakeLrclib } from "@/test/fakes/lrclib";
import { FakeMusicBrainz } from "@/test/fakes/musicbrainz";
import { startApp, stopOnSignals } from "./app";

const say = (line: string) => console.log(`[demo] ${line}`);

process.env.DATA_DIR ??= path.join(".data", "demo");
const fakes = await startFakes({ spotify: 4010, yandex: 4011, ynison: 4012 });
const lrclib = await FakeLrclib.start({ port: 4013 });
const musicbrainz = await FakeMusicBrainz.start({ port: 4014 });
Object.assign(process.env, fakes.env, { LRCLIB_URL: lrclib.url, MUSICBRAINZ_URL: `${musicbrainz.url}/ws/2` });
resetEnvCache();

const app = await startApp({ say });
const db = getDb();

// The demo password is deliberately weak, so it bypasses the password rules (never do this for real users).
let user = await findUserByUsername(db, "demo");
if (!user) {
  await db
    .insert(users)
    .values({ username: "demo", passwordHash: await hashPassword("demo"), role: "admin" });
  user = await findUserByUsername(db, "demo");
}
if (!user) throw new Error("could not create the demo user");
const userId = user.id;

const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(listens).where(eq(listens.userId, userId));
if (n === 0) {
  say("generating a year of listening history…");
  const r = await seedHistory(db.$client, {
    userId,
    listens: 15_000,
    seed: "demo",
    years: 1,
    timeZone: env().INSTANCE_TIMEZONE,
  });
  say(`history: ${r.listens} listens, ${r.tracks} tracks`);
}

playDemoWorld(fakes);

if (!(await getConnection(db, userId, "spotify"))) {
  const authorize = new URL(await startSpotifyConnect(db, userId));
  authorize.searchParams.set("fake_user", "demo");
  const res = await fetch(authorize, { redirect: "manual" });
  const back = new URL(res.headers.get("location") ?? "");
  await finishSpotifyConnect(db, userId, {
    code: back.searchParams.get("code"),
    state: back.searchParams.get("state"),
  });
}
if (!(await getConnection(db, userId, "yandex"))) await connectYandex(db, userId, DEMO_YANDEX_TOKEN);
await schedulePolling({ userId, provider: "spotify" }, { immediately: true });
await schedulePolling({ userId, provider: "yandex" }, { immediately: true });

say(`ready: open ${app.url} and sign in as demo / demo`);
stopOnSignals(say, async () => {
  await app.stop();
  await Promise.all([fakes.close(), lrclib.close(), musicbrainz.close()]);
});
