import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { statsParams } from "@/lib/stats/params";
import { getRecap, type RecapQuery } from "@/lib/stats/recap";
import { createTestUser } from "@/test/helpers/factories";
import { makeTrack } from "./world";

/*
 * The recap reads listen_local_year_groups (a whole year) and listen_local_monthly_tracks (a month); both
 * must answer exactly what the same statement computes from the listens themselves, whatever happened to
 * those listens: inserts in batches, deletes, merges (duplicate_of set by UPDATE), skips, hiding, a listen moved to
 * another track, and changes of the user's time zone (which rebuild the local rollups).
 */

const ZONES = ["Europe/Moscow", "America/New_York", "Asia/Kolkata", "UTC", "Pacific/Kiritimati"];
const YEARS = [2023, 2024, 2025];
const START = Date.parse("2023-01-01T00:00:00Z");
const END = Date.parse("2026-01-01T00:00:00Z");
const NEW_YEARS = YEARS.slice(1).map((y) => Date.parse(`${y}-01-01T00:00:00Z`));

let tracks: number[] = [];

beforeAll(async () => {
  const db = getDb();
  // Artists shared between tracks, a track with two artists, album and artist genres.
  const a = await makeTrack(db, {
    artists: ["Recap A", "Recap B"],
    albumGenre: "Rock",
    artistGenres: ["pop"],
  });
  const b = await makeTrack(db, { artists: ["Recap C"], albumGenre: "jazz" });
  const c = await makeTrack(db, { artists: ["Recap D"], artistGenres: ["rock "] });
  const d = await makeTrack(db, { artists: ["Recap E"] });
  await db.execute(
    sql`insert into track_artists (track_id, artist_id, position) values (${d.trackId}, ${a.artistIds[0]}, 1)`,
  );
  tracks = [a.trackId, b.trackId, c.trackId, d.trackId];
});

// Instants anywhere in the three years, and many within hours of a new year (in one zone or another).
const instant = fc.oneof(
  fc.integer({ min: START, max: END - 1 }),
  fc
    .tuple(fc.constantFrom(...NEW_YEARS), fc.integer({ min: -15 * 3_600_000, max: 15 * 3_600_000 }))
    .map(([t, d]) => t + d),
);
const listen = fc.record({
  track: fc.nat(3),
  at: instant,
  source: fc.constantFrom("spotify", "yandex"),
  skipped: fc.boolean(),
  ms: fc.option(fc.integer({ min: 1000, max: 400_000 }), { nil: null }),
});
const op = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      rows: fc.array(listen, { minLength: 1, maxLength: 12 }),
    }),
  },
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("merge" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("skip" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("hide" as const), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(50), track: fc.nat(3) }),
  fc.record({ kind: fc.constant("zone" as const), tz: fc.constantFrom(...ZONES) }),
);

let key = 0;

describe("the recap from its rollups", () => {
  it("equals the recap computed from listens, through zone changes, deletes and merges", async () => {
    const db = getDb();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ZONES),
        fc.array(op, { minLength: 1, maxLength: 8 }),
        async (tz0, ops) => {
          const user = await createTestUser({ prefix: "recap-prop" });
          let tz = tz0;
          await db.execute(sql`update users set time_zone = ${tz} where id = ${user.id}`);
          const nth = (pick: number) =>
            sql`(select id from listens where user_id = ${user.id} order by id offset ${pick} % greatest(1,
            (select count(*) from listens where user_id = ${user.id})) limit 1)`;
          for (const o of ops) {
            if (o.kind === "insert") {
              const values = o.rows.map(
                (
                  r,
                ) => sql`(${user.id}, ${tracks[r.track]}, ${r.source}, 'import', ${new Date(r.at).toISOString()}::timestamptz,
                ${r.ms}, ${r.skipped}, ${`rp:${key++}`})`,
              );
              await db.execute(sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, skipped, dedup_key)
              values ${sql.join(values, sql`, `)}`);
            } else if (o.kind === "delete") {
              await db.execute(sql`delete from listens where id = ${nth(o.pick)}`);
            } else if (o.kind === "merge") {
              // A double merged into the user's earliest listen, as reconciliation does.
              await db.execute(sql`update listens set duplicate_of = (select min(id) from listens where user_id = ${user.id})
              where id = ${nth(o.pick)} and id <> (select min(id) from listens where user_id = ${user.id})`);
            } else if (o.kind === "skip") {
              await db.execute(sql`update listens set skipped = not skipped where id = ${nth(o.pick)}`);
            } else if (o.kind === "hide") {
              // Hidden by an exclusion (lib/stats/exclusions.ts sets the flag the same way): not counted.
              await db.execute(sql`update listens set hidden = not hidden where id = ${nth(o.pick)}`);
            } else if (o.kind === "move") {
              await db.execute(
                sql`update listens set track_id = ${tracks[o.track]} where id = ${nth(o.pick)}`,
              );
            } else {
              tz = o.tz;
              await db.execute(sql`update users set time_zone = ${tz} where id = ${user.id}`);
            }
          }
          const base = statsParams({ id: user.id, timeZone: tz }, {});
          const questions: RecapQuery[] = [
            ...YEARS.map((year) => ({ year })),
            { year: 2024, month: 1 },
            { year: 2025, month: 12 },
          ];
          for (const q of questions) {
            const fromListens = await getRecap(db, base, q, { via: "listens" });
            expect(await getRecap(db, base, q), JSON.stringify(q)).toEqual(fromListens);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
