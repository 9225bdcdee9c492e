import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { upsertTracks } from "@/lib/catalog/upsert";
import { createTestUser } from "@/test/helpers/factories";
import { makeZip } from "@/test/helpers/zip";
import { accountRow, extendedRow, history, lastfmTrack, lbListen } from "./fixtures";
import { importFiles, listenStats } from "./helpers";

function at<T>(list: T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

const until = new Date("2025-06-01T12:00:00Z");

describe("Spotify extended history", () => {
  it("imports with end→start times, skips, podcasts, and re-imports as a no-op", async () => {
    const user = await createTestUser({ prefix: "ext" });
    const plays = history(40, { until, seed: "ext" });
    const rows: Record<string, unknown>[] = plays.map((p) => extendedRow(p));
    rows.push(extendedRow({ ...at(plays, 0), end: new Date(until.getTime() + 1000), ms: 12_000 })); // short play
    rows.push({
      ...extendedRow({ ...at(plays, 1), uri: null }),
      spotify_episode_uri: "spotify:episode:x",
      episode_name: "Ep",
    });
    rows.push({ ...extendedRow({ ...at(plays, 2), uri: null }), audiobook_uri: "spotify:audiobook:y" });
    const file = JSON.stringify(rows);
    const first = await importFiles(user.id, [{ name: "Streaming_History_Audio_2025_0.json", data: file }]);
    expect(first.status).toBe("done");
    expect(first.counts).toEqual({ read: 43, imported: 40, duplicates: 0, skipped: 3, rejected: 0 });
    expect(first.details).toMatchObject({ podcasts: 1, audiobooks: 1, shortPlays: 1 });
    const [listen] = (await getDb().execute(sql`
      select started_at, ended_at, ms_played from listens where user_id = ${user.id} order by started_at limit 1`)) as unknown as {
      started_at: string;
      ended_at: string;
      ms_played: number;
    }[];
    expect(Date.parse(String(listen?.ended_at))).toBe(at(plays, 0).end.getTime());
    expect(Date.parse(String(listen?.started_at))).toBe(at(plays, 0).end.getTime() - 180_000);

    const before = await listenStats(user.id);
    const again = await importFiles(user.id, [{ name: "copy.json", data: file }]);
    expect(again.counts).toMatchObject({ read: 43, imported: 0, duplicates: 41, skipped: 2 });
    expect(await listenStats(user.id)).toEqual(before);
  });

  it("does not double count the account-data export of the same period", async () => {
    const user = await createTestUser({ prefix: "acct" });
    const plays = history(30, { until, seed: "acct" });
    await importFiles(user.id, [
      { name: "endsong_0.json", data: JSON.stringify(plays.map((p) => extendedRow(p))) },
    ]);
    const extra = history(5, { until: new Date(until.getTime() + 86_400_000), seed: "acct" });
    const account = [...plays, ...extra].map((p) => ({ ...accountRow(p), endTime: accountRow(p).endTime }));
    const res = await importFiles(user.id, [
      { name: "StreamingHistory_music_0.json", data: JSON.stringify(account) },
    ]);
    expect(res.counts).toMatchObject({ read: 35, imported: 5, duplicates: 30 });
    expect((await listenStats(user.id)).counted).toBe(35);
  });

  it("writes files of one format together and keeps each file's details, across a format change", async () => {
    const user = await createTestUser({ prefix: "multi" });
    const plays = history(30, { until, seed: "multi" });
    const short = (p: (typeof plays)[number]) =>
      extendedRow({ ...p, end: new Date(p.end.getTime() + 1000), ms: 9000 });
    // Files 0 and 1 overlap by five plays (the same rows in both), each has a short play; file 2 is the
    // account-data export of the same period, read after them in the same upload.
    const res = await importFiles(user.id, [
      {
        name: "Streaming_History_Audio_2025_0.json",
        data: JSON.stringify([...plays.slice(0, 20).map((p) => extendedRow(p)), short(at(plays, 3))]),
      },
      {
        name: "Streaming_History_Audio_2025_1.json",
        data: JSON.stringify([
          ...plays.slice(15).map((p) => extendedRow(p)),
          short(at(plays, 20)),
          short(at(plays, 21)),
        ]),
      },
      { name: "StreamingHistory_music_0.json", data: JSON.stringify(plays.map((p) => accountRow(p))) },
    ]);
    expect(res.status).toBe("done");
    expect(res.counts).toEqual({
      read: 21 + 17 + 30,
      imported: 30,
      duplicates: 5 + 30,
      skipped: 3,
      rejected: 0,
    });
    const files = (await getDb().execute(sql`
      select f.details from import_files f join imports i on i.id = f.import_id
      where i.user_id = ${user.id} order by f.position`)) as unknown as { details: Record<string, number> }[];
    expect(files.map((f) => f.details.shortPlays ?? 0)).toEqual([1, 2, 0]);
    expect(await listenStats(user.id)).toMatchObject({ counted: 30, skips: 3, dups: 30 });
  });

  it("merges imported plays into overlapping live listens by the interval rule", async () => {
    const user = await createTestUser({ prefix: "live" });
    const plays = history(6, { until, seed: "live" });
    const [trackId] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: String(at(plays, 0).uri).slice(14),
        title: at(plays, 0).title,
        artists: [{ name: at(plays, 0).artist }],
      },
    ]);
    // Live saw the first play 4 s late and a genuine repeat right after it.
    const liveStart = at(plays, 0).end.getTime() - 180_000 + 4000;
    for (const [i, start] of [liveStart, liveStart + 400_000].entries()) {
      await getDb().execute(sql`
        insert into listens (user_id, track_id, source, origin, started_at, ended_at, ms_played, dedup_key)
        values (${user.id}, ${trackId}, 'spotify', 'live', ${new Date(start).toISOString()},
          ${new Date(start + 170_000).toISOString()}, 170000, ${`live:${i}`})`);
    }
    const res = await importFiles(user.id, [
      { name: "Streaming_History_Audio_2025_0.json", data: JSON.stringify(plays.map((p) => extendedRow(p))) },
    ]);
    expect(res.counts).toMatchObject({ read: 6, imported: 5, duplicates: 1 });
    const live = (await getDb().execute(sql`
      select l.id, l.ms_played, (select count(*)::int from listens d where d.duplicate_of = l.id) as dups
      from listens l where l.user_id = ${user.id} and l.origin = 'live' order by l.started_at`)) as unknown as {
      ms_played: number;
      dups: number;
    }[];
    expect(live.map((l) => l.dups)).toEqual([1, 0]);
    expect(live[0]?.ms_played).toBe(180_000);
    expect((await listenStats(user.id)).counted).toBe(7);
  });

  it("drops incognito plays when the user chose so and rejects listens in the future", async () => {
    const user = await createTestUser({ prefix: "inc" });
    await getDb().execute(sql`update users set keep_incognito = false where id = ${user.id}`);
    const plays = history(3, { until, seed: "inc" });
    const rows = [
      extendedRow(at(plays, 0), { incognito_mode: true }),
      extendedRow(at(plays, 1)),
      extendedRow({ ...at(plays, 2), end: new Date(Date.now() + 7 * 86_400_000) }),
      { ts: "not a time", ms_played: 1, spotify_track_uri: "spotify:track:x" },
    ];
    const res = await importFiles(user.id, [
      { name: "Streaming_History_Audio_2025_1.json", data: JSON.stringify(rows) },
    ]);
    expect(res.counts).toEqual({ read: 4, imported: 1, duplicates: 0, skipped: 1, rejected: 2 });
    expect(res.details).toMatchObject({ incognito: 1 });
    expect(res.report?.map((r) => r.reason)).toEqual(["listen in the future", "missing or invalid ts"]);
  });
});

describe("Last.fm and ListenBrainz", () => {
  it("reads Last.fm CSV (with header, headerless, mixed encodings) and JSON pages", async () => {
    const user = await createTestUser({ prefix: "lfm" });
    const t0 = Math.floor(until.getTime() / 1000);
    const csv = Buffer.concat([
      Buffer.from("uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n"),
      Buffer.from(`${t0},x,"Band, The",,Album,,Song One,\n`),
      Buffer.from(`${t0 - 300},x,Кино,,Группа крови,,Кукушка,\n`),
      Buffer.concat([
        Buffer.from(`${t0 - 600},x,`),
        Buffer.from("\xc1\xe8-2", "latin1"),
        Buffer.from(",,,,\xcf\xf0\xe8\xe2\xe5\xf2,\n", "latin1"),
      ]),
      Buffer.from(`${t0 - 900},x,Beyonc\xe9,,,,Halo,\n`, "latin1"),
    ]);
    const plain = `Artist A,Album A,Track A,02 Jan 2024 10:00\nArtist B,Al,bum,Track B,02 Jan 2024 10:05\n`;
    const pages = JSON.stringify([
      {
        track: [
          { ...lastfmTrack({ start: until, artist: "X", title: "Now" }), "@attr": { nowplaying: "true" } },
        ],
      },
      { track: [lastfmTrack({ start: new Date(until.getTime() - 3600_000), artist: "Y", title: "Past" })] },
    ]);
    const res = await importFiles(user.id, [
      { name: "recenttracks-me.csv", data: csv },
      { name: "scrobbles.csv", data: plain },
      { name: "recenttracks-me.json", data: pages },
    ]);
    expect(res.counts).toEqual({ read: 8, imported: 6, duplicates: 0, skipped: 1, rejected: 1 });
    expect(res.details).toMatchObject({ reDecoded: 2, nowPlaying: 1 });
    const titles = (await getDb().execute(sql`
      select t.title, t.artist_line from listens l join tracks t on t.id = l.track_id where l.user_id = ${user.id}
      order by t.title`)) as unknown as { title: string; artist_line: string }[];
    expect(titles.map((t) => t.title)).toEqual(
      expect.arrayContaining(["Привет", "Кукушка", "Halo", "Song One"]),
    );
    expect(titles.find((t) => t.title === "Halo")?.artist_line).toBe("Beyoncé");
    expect(titles.find((t) => t.title === "Привет")?.artist_line).toBe("Би-2");
  });

  it("reads a ListenBrainz export ZIP of JSONL and the old JSON format, idempotently", async () => {
    const user = await createTestUser({ prefix: "lb" });
    const listens = Array.from({ length: 8 }, (_, i) =>
      lbListen({
        start: new Date(until.getTime() - i * 600_000),
        artist: "LB Artist",
        title: `LB ${i}`,
        msid: `msid-${i}`,
      }),
    );
    const zip = makeZip([
      { name: "user.json", data: JSON.stringify({ user_name: "me" }) },
      // Loved tracks and pins name recordings but are not listens: ignored, not imported or refused.
      {
        name: "feedback.jsonl",
        data: JSON.stringify({
          created: 1741198961,
          recording_msid: "msid-0",
          score: 1,
          track_metadata: { artist_name: "LB Artist", track_name: "LB 0" },
        }),
      },
      {
        name: "pinned_recording.jsonl",
        data: JSON.stringify({
          blurb_content: "on repeat",
          created: 1741198961,
          pinned_until: 1741803761,
          recording_msid: "msid-1",
          row_id: 1,
          track_metadata: { artist_name: "LB Artist", track_name: "LB 1" },
        }),
      },
      {
        name: "listens/2025/5.jsonl",
        data: listens
          .slice(0, 5)
          .map((l) => JSON.stringify(l))
          .join("\n"),
      },
      {
        name: "listens/2025/6.jsonl",
        data: listens
          .slice(5)
          .map((l) => JSON.stringify(l))
          .join("\n"),
      },
    ]);
    const res = await importFiles(user.id, [{ name: "listenbrainz_me.zip", data: zip }]);
    expect(res.counts).toMatchObject({ read: 8, imported: 8 });
    const old = await importFiles(user.id, [
      { name: "me_lb-2025-06-01.json", data: JSON.stringify(listens) },
    ]);
    expect(old.counts).toMatchObject({ read: 8, imported: 0, duplicates: 8 });
  });
});
