import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createTestUser } from "@/test/helpers/factories";
import {
  auditFor,
  countWhere,
  seedLike,
  seedListens,
  seedLyrics,
  seedProviderId,
  seedTrack,
  signedIn,
} from "./helpers";

type Row = { id: number; plays: number; title: string };

describe("admin: tracks", () => {
  it("finds tracks by title words, artist and ISRC, with play counts", async () => {
    const { client } = await signedIn("admin");
    const word = `zebra${Date.now().toString(36)}`;
    const a = await seedTrack({ title: `${word} Crossing`, artist: "Some Band" });
    const isrc = `US${Date.now().toString(36).slice(-3).toUpperCase()}2512345`.slice(0, 12);
    const b = await seedTrack({ title: "Other", artist: `${word} Orchestra`, isrc });
    const u = await createTestUser();
    await seedListens(u.id, a.id, 4);
    const byWord = await (await client.fetch(`/api/admin/tracks?q=${word}&sort=plays`)).json();
    expect(byWord.items.map((t: Row) => t.id)).toEqual([a.id, b.id]);
    expect(byWord.items[0].plays).toBe(4);
    const byPrefix = await (await client.fetch(`/api/admin/tracks?q=${word.slice(0, 8)}%20cross`)).json();
    expect(byPrefix.items.map((t: Row) => t.id)).toContain(a.id);
    const byIsrc = await (await client.fetch(`/api/admin/tracks?q=${isrc.toLowerCase()}`)).json();
    expect(byIsrc.items.map((t: Row) => t.id)).toEqual([b.id]);
  });

  it("edits title, artists, album, genres and cover, logging before and after", async () => {
    const { client } = await signedIn("admin");
    const t = await seedTrack();
    const res = await client.json(`/api/admin/tracks/${t.id}`, "PATCH", {
      title: "Fixed Title",
      artists: ["First Artist", "Second Artist"],
      album: "Fixed Album",
      genres: ["Rock", "indie"],
      coverUrl: "https://img.example/cover.jpg",
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      title: "Fixed Title",
      artistLine: "First Artist, Second Artist",
      album: "Fixed Album",
      coverUrl: "https://img.example/cover.jpg",
    });
    expect(body.artists.map((a: { name: string }) => a.name)).toEqual(["First Artist", "Second Artist"]);
    expect(body.genres.map((g: { genre: string }) => g.genre).sort()).toEqual(["indie", "rock"]);
    const [entry] = await auditFor(`track:${t.id}`);
    expect(entry).toMatchObject({
      action: "track.update",
      before: { title: t.title },
      after: { title: "Fixed Title" },
    });
    const bad = await client.json(`/api/admin/tracks/${t.id}`, "PATCH", { coverUrl: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
  });

  it("merges duplicates in one go: listens, likes, lyrics and provider ids move, counts stay exact", async () => {
    const { client } = await signedIn("admin");
    const keep = await seedTrack({ title: "Same Song" });
    const drop = await seedTrack({ title: "Same Song (Remastered)" });
    const [u1, u2] = [await createTestUser(), await createTestUser()];
    await seedListens(u1.id, keep.id, 5);
    await seedListens(u1.id, drop.id, 3, { start: new Date(Date.UTC(2025, 5, 1)) });
    await seedListens(u2.id, drop.id, 2);
    // u1 liked both (a unique-key collision), u2 only the duplicate.
    await seedLike(u1.id, keep.id, new Date("2025-03-01T00:00:00Z"));
    await seedLike(u1.id, drop.id, new Date("2025-01-01T00:00:00Z"));
    await seedLike(u2.id, drop.id, new Date("2025-02-01T00:00:00Z"));
    await seedLyrics(keep.id, false, 1);
    await seedLyrics(drop.id, true, 4);
    await seedProviderId(keep.id, "spotify");
    await seedProviderId(drop.id, "yandex");
    // Raw listens and both stats rollups, per user: a merge must not change any of them.
    const perUser = async () =>
      (await getDb().execute(sql`select u.id,
        (select count(*)::int from listens where user_id = u.id) as listens,
        (select sum(plays)::int from listen_hourly where user_id = u.id) as hourly,
        (select sum(plays)::int from listen_track_totals where user_id = u.id) as totals
        from users u where u.id in (${u1.id}, ${u2.id}) order by u.id`)) as unknown as unknown[];
    const before = await perUser();

    const res = await client.json("/api/admin/tracks/merge", "POST", { keepId: keep.id, dropId: drop.id });
    expect(res.status).toBe(200);
    expect(await countWhere("listens", "track_id", keep.id)).toBe(10);
    expect(await countWhere("listens", "track_id", drop.id)).toBe(0);
    expect(before).toEqual([
      { id: u1.id, listens: 8, hourly: 8, totals: 8 },
      { id: u2.id, listens: 2, hourly: 2, totals: 2 },
    ]);
    expect(await perUser()).toEqual(before);
    const byTrack = (await getDb().execute(sql`select track_id, sum(plays)::int as plays
      from listen_track_totals where track_id in (${keep.id}, ${drop.id}) group by track_id`)) as unknown as unknown[];
    expect(byTrack).toEqual([{ track_id: keep.id, plays: 10 }]);
    expect(await countWhere("likes", "track_id", keep.id)).toBe(2);
    const [earliest] = (await getDb().execute(
      sql`select liked_at from likes where track_id = ${keep.id} and user_id = ${u1.id}`,
    )) as unknown as { liked_at: string }[];
    expect(new Date(earliest?.liked_at ?? 0).toISOString()).toBe("2025-01-01T00:00:00.000Z");
    const [lyr] = (await getDb().execute(
      sql`select found, views from lyrics where track_id = ${keep.id}`,
    )) as unknown as { found: boolean; views: number }[];
    expect(lyr).toEqual({ found: true, views: 5 });
    const detail = await (await client.fetch(`/api/admin/tracks/${keep.id}`)).json();
    expect(detail.providerIds.map((p: { provider: string }) => p.provider).sort()).toEqual([
      "spotify",
      "yandex",
    ]);
    expect(detail.plays).toBe(10);
    expect((await client.fetch(`/api/admin/tracks/${drop.id}`)).status).toBe(404);
    expect(await auditFor(`track:${keep.id}`)).toMatchObject([{ action: "track.merge" }]);
    expect(
      (await client.json("/api/admin/tracks/merge", "POST", { keepId: keep.id, dropId: keep.id })).status,
    ).toBe(400);
    expect(
      (await client.json("/api/admin/tracks/merge", "POST", { keepId: keep.id, dropId: drop.id })).status,
    ).toBe(404);
  });
});
