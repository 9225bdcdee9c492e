import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Db, getDb } from "@/db/client";
import { Rng } from "@/lib/seed/random";
import { getActivity } from "@/lib/stats/activity";
import { getCalendar } from "@/lib/stats/calendar";
import { addExclusion, removeExclusion } from "@/lib/stats/exclusions";
import { getHeatmap } from "@/lib/stats/heatmap";
import { getOverview } from "@/lib/stats/overview";
import { statsParams } from "@/lib/stats/params";
import { getSummary } from "@/lib/stats/summary";
import { getTop } from "@/lib/stats/top";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

type Row = Record<string, unknown>;
const q = async (db: Db, query: ReturnType<typeof sql>) => (await db.execute(query)) as unknown as Row[];

async function rollupsMatchRecomputation(db: Db, userId: number) {
  const hourly = await q(
    db,
    sql`select hour, source, plays, ms_played::float8 as ms from listen_hourly
    where user_id = ${userId} order by 1, 2`,
  );
  const hourlyNow = await q(
    db,
    sql`select date_trunc('hour', started_at at time zone 'UTC') at time zone 'UTC' as hour,
      source, count(*)::int as plays, sum(coalesce(ms_played, 0))::float8 as ms
    from listens where user_id = ${userId} and not skipped and duplicate_of is null and not hidden group by 1, 2 order by 1, 2`,
  );
  expect(hourly).toEqual(hourlyNow);
  const totals = await q(
    db,
    sql`select track_id, source, plays, ms_played::float8 as ms from listen_track_totals
    where user_id = ${userId} order by 1, 2`,
  );
  const totalsNow = await q(
    db,
    sql`select track_id, source, count(*)::int as plays, sum(coalesce(ms_played, 0))::float8 as ms
    from listens where user_id = ${userId} and not skipped and duplicate_of is null and not hidden group by 1, 2 order by 1, 2`,
  );
  expect(totals).toEqual(totalsNow);
  // Local rollups: in the user's zone as PostgreSQL resolves it (UTC when unset or unknown).
  const zone = sql`(select stats_zone(time_zone) from users where id = ${userId})`;
  const daily = await q(
    db,
    sql`select day::text as day, source, plays, ms_played::float8 as ms from listen_local_daily
    where user_id = ${userId} order by 1, 2`,
  );
  const dailyNow = await q(
    db,
    sql`select (started_at at time zone ${zone})::date::text as day, source, count(*)::int as plays,
      sum(coalesce(ms_played, 0))::float8 as ms
    from listens where user_id = ${userId} and not skipped and duplicate_of is null and not hidden group by 1, 2 order by 1, 2`,
  );
  expect(daily).toEqual(dailyNow);
  const weekHours = await q(
    db,
    sql`select source, isodow::int as d, hour::int as h, plays, ms_played::float8 as ms from listen_local_week_hours
    where user_id = ${userId} order by 1, 2, 3`,
  );
  const weekHoursNow = await q(
    db,
    sql`select source, extract(isodow from started_at at time zone ${zone})::int as d,
      extract(hour from started_at at time zone ${zone})::int as h, count(*)::int as plays,
      sum(coalesce(ms_played, 0))::float8 as ms
    from listens where user_id = ${userId} and not skipped and duplicate_of is null and not hidden group by 1, 2, 3 order by 1, 2, 3`,
  );
  expect(weekHours).toEqual(weekHoursNow);
  // All-time group totals: every group of the catalog definition, summed over the user's counted listens.
  const groups = await q(
    db,
    sql`select kind, key, plays, ms_played::float8 as ms, tracks from listen_group_totals
    where user_id = ${userId} order by 1, 2`,
  );
  const groupsNow = await q(
    db,
    sql`with lt as (select track_id, count(*)::int as plays, sum(coalesce(ms_played, 0)) as ms from listens
        where user_id = ${userId} and not skipped and duplicate_of is null and not hidden group by 1),
      g as (
        select track_id, 'all' as kind, '' as key from lt
        union select track_id, 'track', track_id::text from lt
        union select t.id, 'album', t.album_id::text from tracks t join lt on lt.track_id = t.id where t.album_id is not null
        union select x.track_id, 'artist', x.artist_id::text from track_artists x join lt on lt.track_id = x.track_id
        union select x.track_id, 'artist_name', a.name from track_artists x join lt on lt.track_id = x.track_id
          join artists a on a.id = x.artist_id
        union select t.id, 'genre', lower(trim(ag.genre)) from tracks t join lt on lt.track_id = t.id
          join album_genres ag on ag.album_id = t.album_id where lower(trim(ag.genre)) <> ''
        union select x.track_id, 'genre', lower(trim(rg.genre)) from track_artists x join lt on lt.track_id = x.track_id
          join artist_genres rg on rg.artist_id = x.artist_id where lower(trim(rg.genre)) <> '')
    select g.kind, g.key, sum(lt.plays)::int as plays, sum(lt.ms)::float8 as ms, count(*)::int as tracks
    from g join lt on lt.track_id = g.track_id group by 1, 2 order by 1, 2`,
  );
  expect(groups).toEqual(groupsNow);
  // The recap's rollups: local month × track × source, and local year (month 0) or month × group.
  const monthly = await q(
    db,
    sql`select month::text as month, track_id, source, plays, ms_played::float8 as ms
    from listen_local_monthly_tracks where user_id = ${userId} order by 1, 2, 3`,
  );
  const monthlyNow = await q(
    db,
    sql`select date_trunc('month', started_at at time zone ${zone})::date::text as month, track_id, source,
      count(*)::int as plays, sum(coalesce(ms_played, 0))::float8 as ms
    from listens where user_id = ${userId} and not skipped and duplicate_of is null and not hidden
    group by 1, 2, 3 order by 1, 2, 3`,
  );
  expect(monthly).toEqual(monthlyNow);
  const years = await q(
    db,
    sql`select year::int as year, month::int as month, kind, key, plays, ms_played::float8 as ms
    from listen_local_year_groups where user_id = ${userId} order by 1, 2, 3, 4`,
  );
  const yearsNow = await q(
    db,
    sql`select year, month, kind, key, sum(plays)::int as plays, sum(ms)::float8 as ms from (
        select extract(year from m.month)::int as year, v.m as month, g.kind, g.key, m.plays, m.ms_played as ms
        from listen_local_monthly_tracks m
          join track_stat_groups g on g.track_id = m.track_id and g.kind in ('all', 'track', 'album', 'artist', 'genre')
          cross join lateral (values (0), (case when g.kind = 'artist' then extract(month from m.month)::int end)) v(m)
        where m.user_id = ${userId} and v.m is not null) x
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
  );
  expect(years).toEqual(yearsNow);
  return hourly.length;
}

describe("rollups stay exact", () => {
  it("match a recomputation from raw listens after random inserts, updates and deletes", async () => {
    const db = getDb();
    const user = await createTestUser();
    const other = await createTestUser();
    // Local rollups follow each user's zone, including a half-hour one and a change of zone midway.
    await db.execute(sql`update users set time_zone = 'Europe/Berlin' where id = ${user.id}`);
    await db.execute(sql`update users set time_zone = 'Asia/Kolkata' where id = ${other.id}`);
    const tracks: number[] = [];
    const artistOf: Record<number, number> = {};
    for (let i = 0; i < 6; i++) {
      const made = await makeTrack(db);
      tracks.push(made.trackId);
      artistOf[made.trackId] = made.artistIds[0] ?? 0;
    }
    const rng = new Rng("rollups");
    // Spans a DST change (Europe and North America, March 2026) so local days and hours shift within it.
    const base = Date.parse("2026-03-07T00:00:00Z");
    let key = 0;
    for (let round = 0; round < 25; round++) {
      if (round === 12)
        await db.execute(sql`update users set time_zone = 'America/New_York' where id = ${user.id}`);
      const op = rng.int(0, 6);
      if (op <= 1) {
        // A multi-row insert, as imports and the seed do, with some skips and some for another user.
        const n = rng.int(1, 40);
        const values = Array.from({ length: n }, () => {
          const uid = rng.chance(0.8) ? user.id : other.id;
          const at = new Date(base + rng.int(0, 600) * 3_600_000 + rng.int(0, 3_599_999)).toISOString();
          return sql`(${uid}, ${rng.pick(tracks)}, ${rng.pick(["spotify", "yandex"])}, 'import', ${at}::timestamptz,
            ${rng.chance(0.1) ? null : rng.int(1000, 300_000)}, ${rng.chance(0.15)}, ${`r${round}:${key++}`})`;
        });
        await db.execute(sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, skipped, dedup_key)
          values ${sql.join(values, sql`, `)} on conflict do nothing`);
      } else if (op === 2) {
        await db.execute(sql`delete from listens where id in (select id from listens where user_id = ${user.id}
          order by md5(id::text || ${String(round)}) limit ${rng.int(1, 5)})`);
      } else if (op === 3) {
        await db.execute(sql`update listens set skipped = not skipped, ms_played = coalesce(ms_played, 0) + 1000
          where id in (select id from listens where user_id = ${user.id} order by md5(id::text || ${String(round)}) limit 3)`);
        // As an import's merge does: ms_played (or nothing counted) changes, with the reason fields.
        await db.execute(sql`update listens set extra = coalesce(extra, '{}'::jsonb) || '{"merged": {"reason_end": "fwdbtn"}}',
            ms_played = case when id % 3 = 0 then ms_played else coalesce(ms_played, 0) + ${rng.int(-900, 900)} end
          where id in (select id from listens where user_id = ${user.id} order by md5(id::text || ${`m${round}`}) limit 6)`);
      } else if (op === 4) {
        // Merge a double into an earlier listen, as reconciliation does; and move a listen by hours.
        await db.execute(sql`update listens set duplicate_of = (select min(id) from listens where user_id = ${user.id})
          where id = (select max(id) from listens where user_id = ${user.id} and duplicate_of is null)`);
        await db.execute(sql`update listens set started_at = started_at + interval '5 hours', track_id = ${rng.pick(tracks)}
          where id = (select min(id) from listens where user_id = ${user.id})`);
      } else if (op === 6) {
        // Hide or show again a track or an artist (exclusions re-flag listens; new ones get the flag).
        const target = rng.chance(0.5)
          ? { kind: "track" as const, id: rng.pick(tracks) }
          : { kind: "artist" as const, id: artistOf[rng.pick(tracks)] ?? 0 };
        if (rng.chance(0.6)) await addExclusion(db, user.id, target).catch(() => undefined);
        else await removeExclusion(db, user.id, target);
      } else {
        await db.transaction(async (tx) => {
          await tx.execute(sql`delete from listens where user_id = ${user.id} and source = 'yandex'
            and id in (select id from listens where user_id = ${user.id} order by id desc limit 2)`);
          await tx.execute(
            sql`update listens set source = 'yandex' where id = (select max(id) from listens where user_id = ${user.id})`,
          );
        });
      }
      await rollupsMatchRecomputation(db, user.id);
    }
    expect(await rollupsMatchRecomputation(db, other.id)).toBeGreaterThan(0);
  });

  it("keep group totals exact through catalog edits: credits, names, albums, genres, deleted tracks", async () => {
    const db = getDb();
    const user = await createTestUser();
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await makeTrack(db, { albumGenre: i % 2 ? "Rock " : "", artistGenres: i % 3 ? ["rock"] : ["jazz"] }),
      );
    const tracks = made.map((m) => m.trackId);
    const artists = made.flatMap((m) => m.artistIds);
    const rng = new Rng("groups");
    let key = 0;
    for (let round = 0; round < 30; round++) {
      const n = rng.int(1, 8);
      const values = Array.from({ length: n }, () => {
        const at = new Date(Date.now() - rng.int(0, 10_000) * 60_000).toISOString();
        return sql`(${user.id}, ${rng.pick(tracks)}, ${rng.pick(["spotify", "yandex"])}, 'import', ${at}::timestamptz,
          ${rng.int(1000, 300_000)}, ${rng.chance(0.1)}, ${`g${round}:${key++}`})`;
      });
      await db.execute(sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, skipped, dedup_key)
        values ${sql.join(values, sql`, `)}`);
      const track = rng.pick(tracks);
      const artist = rng.pick(artists);
      switch (rng.int(0, 6)) {
        case 0:
          await db.execute(sql`insert into artist_genres (artist_id, genre, source)
            values (${artist}, ${rng.pick(["rock", " ROCK", "jazz", "", "synthpop"])}, 'manual') on conflict do nothing`);
          break;
        case 1:
          await db.execute(sql`delete from artist_genres where artist_id = ${artist}`);
          break;
        case 2:
          // Two artists may end up with one name: the summary counts such a track once under it.
          await db.execute(sql`update artists set name = ${rng.pick(["Same Name", "Other Name", `n${round}`])}
            where id = ${artist}`);
          break;
        case 3:
          await db.execute(sql`update tracks set album_id = (select album_id from tracks where id = ${rng.pick(tracks)})
            where id = ${track}`);
          break;
        case 4:
          await db.execute(sql`delete from track_artists where track_id = ${track}`);
          await db.execute(sql`insert into track_artists (track_id, artist_id, position)
            values (${track}, ${artist}, 0) on conflict do nothing`);
          break;
        case 5:
          await db.execute(sql`insert into album_genres (album_id, genre, source)
            select album_id, ${rng.pick(["pop", "Rock", "rock "])}, 'manual' from tracks where id = ${track} and album_id is not null
            on conflict do nothing`);
          break;
        default:
          if (tracks.length > 2) {
            tracks.splice(tracks.indexOf(track), 1);
            await db.execute(sql`delete from tracks where id = ${track}`);
          }
      }
      await rollupsMatchRecomputation(db, user.id);
    }
  });

  it("lets a user with listens be deleted (the cascade and the triggers agree)", async () => {
    const db = getDb();
    const user = await createTestUser();
    const { trackId } = await makeTrack(db);
    await db.execute(sql`insert into listens (user_id, track_id, source, origin, started_at, dedup_key)
      values (${user.id}, ${trackId}, 'spotify', 'live', now(), 'del-1'), (${user.id}, ${trackId}, 'yandex', 'live', now(), 'del-2')`);
    await db.execute(sql`delete from users where id = ${user.id}`);
    const left = await q(db, sql`select count(*)::int as n from listen_hourly where user_id = ${user.id}`);
    expect(left[0]?.n).toBe(0);
  });

  it("answer from the local rollups exactly as from the hourly ones and raw listens", async () => {
    const db = getDb();
    const user = await createTestUser();
    await db.execute(sql`update users set time_zone = 'Europe/Berlin' where id = ${user.id}`);
    const { trackId } = await makeTrack(db);
    const rng = new Rng("local-vs-fallback");
    const now = Date.now();
    for (let i = 0; i < 120; i++) {
      const at = new Date(now - rng.int(0, 400 * 24) * 3_600_000 - rng.int(0, 3_599_999));
      await addListen(db, { userId: user.id, trackId, at, source: rng.pick(["spotify", "yandex"]) });
    }
    const answers = async (tz: string) => {
      const out: unknown[] = [];
      for (const range of ["all", "30d", "year"] as const) {
        const p = statsParams({ id: user.id, timeZone: tz }, { range }, { now });
        out.push(await getHeatmap(db, p), await getOverview(db, p), await getCalendar(db, p));
        for (const period of ["day", "week", "month"] as const)
          out.push(await getActivity(db, p, period, true));
      }
      return out;
    };
    // Berlin (whole hours) then Kolkata (half hours): first from the local rollups, then with the rollups in
    // another zone, so the same questions go to the hourly rollup and to raw listens respectively.
    for (const tz of ["Europe/Berlin", "Asia/Kolkata"]) {
      await db.execute(sql`update users set time_zone = ${tz} where id = ${user.id}`);
      const fromLocal = await answers(tz);
      await db.execute(sql`update users set time_zone = 'America/Los_Angeles' where id = ${user.id}`);
      expect(await answers(tz)).toEqual(fromLocal);
    }
  });

  it("answer all-time top lists, summary and overview from group totals as from per-track totals", async () => {
    const db = getDb();
    const user = await createTestUser();
    // One source only, so "every source" (group totals) and "spotify" (per-track totals) ask the same question.
    const made = [
      await makeTrack(db, {
        artists: ["Twin", "Solo"],
        albumGenre: " Indie",
        artistGenres: ["indie", "pop"],
      }),
      await makeTrack(db, { artists: ["Twin"], albumGenre: "", artistGenres: ["Pop "] }),
      await makeTrack(db, { artists: ["Twin"], albumGenre: "jazz" }),
      await makeTrack(db, { albumGenre: "jazz" }),
      await makeTrack(db, {}),
    ];
    const rng = new Rng("group-vs-track");
    for (let i = 0; i < 60; i++) {
      const { trackId } = rng.pick(made);
      await addListen(db, {
        userId: user.id,
        trackId,
        at: new Date(Date.now() - rng.int(1, 5000) * 60_000),
        source: "spotify",
        msPlayed: rng.pick([60_000, 120_000, 180_000]),
      });
    }
    const answers = async (source?: "spotify") => {
      const p = statsParams({ id: user.id, timeZone: "UTC" }, { range: "all", source });
      const out: unknown[] = [await getSummary(db, p), await getOverview(db, p)];
      for (const kind of ["artists", "tracks", "albums", "genres"] as const)
        for (const by of ["plays", "minutes"] as const)
          for (const limit of [1, 2, 10]) out.push(await getTop(db, p, { kind, by, limit }));
      return out;
    };
    expect(await answers()).toEqual(await answers("spotify"));
  });
});
