/**
 * npm run seed -- --user NAME --listens N [--password P] [--seed S] [--years Y] [--tz ZONE] [--catalog-seed S]
 * Works with the app running or not: ensureDatabase connects to the running embedded database or starts it.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { ensureDatabase } from "@/db/server";
import { createUser, findUserByUsername } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { seedHistory } from "@/lib/seed";
import { isValidTimeZone } from "@/lib/stats/zone";

const say = (line: string) => console.log(`[seed] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      user: { type: "string" },
      listens: { type: "string", default: "10000" },
      password: { type: "string" },
      seed: { type: "string", default: "1" },
      "catalog-seed": { type: "string" },
      years: { type: "string" },
      tz: { type: "string" },
    },
  });
  const listens = Number(values.listens);
  if (!values.user) throw new Error("--user NAME is required");
  if (!Number.isInteger(listens) || listens < 0) throw new Error("--listens must be a whole number");
  if (values.tz && !isValidTimeZone(values.tz)) throw new Error(`Unknown time zone: ${values.tz}`);
  const years = values.years ? Number(values.years) : undefined;
  if (years !== undefined && !(years > 0 && years <= 30)) throw new Error("--years must be between 0 and 30");
  return { ...values, user: values.user, listens, years };
}

async function main() {
  const opts = options();
  const server = await ensureDatabase({ ...env(), log: say });
  const db = createDb(server.url, { max: 4 });
  try {
    await runMigrations(server.url);
    let user = await findUserByUsername(db, opts.user);
    if (!user) {
      const password = opts.password ?? randomBytes(9).toString("base64url");
      await createUser(db, { username: opts.user, password, byAdmin: true });
      user = await findUserByUsername(db, opts.user);
      say(`created user ${opts.user}${opts.password ? "" : ` with password ${password}`}`);
    }
    if (!user) throw new Error("the user could not be created");
    const timeZone = opts.tz ?? user.timeZone ?? env().INSTANCE_TIMEZONE;
    if (opts.tz && !user.timeZone) await db.update(users).set({ timeZone }).where(eq(users.id, user.id));
    const result = await seedHistory(db.$client, {
      userId: user.id,
      listens: opts.listens,
      seed: opts.seed,
      catalogSeed: opts["catalog-seed"],
      years: opts.years,
      timeZone,
      log: say,
    });
    // Fresh statistics let the planner pick index-only scans straight away.
    await db.$client`vacuum analyze listens, listen_hourly, listen_track_totals, tracks, artists, albums, track_artists, artist_genres, album_genres, provider_ids, likes`;
    say(
      `done in ${(result.ms / 1000).toFixed(1)} s: ${result.listens} listens, ${result.likes} likes, ` +
        `${result.artists} artists, ${result.tracks} tracks for ${user.username}`,
    );
  } finally {
    await db.$client.end();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(`[seed] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
