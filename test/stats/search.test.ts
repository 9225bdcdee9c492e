import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

type Hit = { id: number; name: string; plays: number };
type Results = { tracks: Hit[]; artists: Hit[]; albums: Hit[] };

let me: TestClient;
let tag: string;
let ids: { yolka: number; ecole: number; theirs: number; skippedOnly: number; yolkaArtist: number };

beforeAll(async () => {
  const db = getDb();
  // A tag unique to this run keeps other tests' catalog rows out of the way; searches include it.
  tag = uniqueName("q").replace(/[^a-z0-9]/gi, "");
  const owner = await createTestUser({ prefix: "search" });
  const other = await createTestUser({ prefix: "search" });
  const yolka = await makeTrack(db, { title: `Ёлка ${tag}`, artists: [`Кино ${tag}`] });
  const ecole = await makeTrack(db, { title: `École ${tag}`, artists: [`Noir ${tag}`] });
  const theirs = await makeTrack(db, { title: `Secret ${tag}`, artists: [`Hidden ${tag}`] });
  const skippedOnly = await makeTrack(db, { title: `Skipped ${tag}` });
  const at = (i: number) => new Date(Date.UTC(2026, 1, 1, 12, i));
  for (let i = 0; i < 3; i++) await addListen(db, { userId: owner.id, trackId: yolka.trackId, at: at(i) });
  await addListen(db, { userId: owner.id, trackId: ecole.trackId, at: at(10) });
  await addListen(db, { userId: owner.id, trackId: skippedOnly.trackId, at: at(11), skipped: true });
  await addListen(db, { userId: other.id, trackId: theirs.trackId, at: at(12) });
  ids = {
    yolka: yolka.trackId,
    ecole: ecole.trackId,
    theirs: theirs.trackId,
    skippedOnly: skippedOnly.trackId,
    yolkaArtist: yolka.artistIds[0] ?? 0,
  };
  me = new TestClient();
  await me.signIn(owner.username, owner.password);
});

const search = async (q: string) => {
  const res = await me.fetch(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Results;
};

describe("GET /api/search (issue #19)", () => {
  it("finds the user's tracks, artists and albums, ranked by their plays, ignoring case, ё and accents", async () => {
    const all = await search(tag.toUpperCase());
    expect(all.tracks.map((t) => t.id)).toEqual([ids.yolka, ids.ecole]);
    expect(all.tracks[0]?.plays).toBe(3);
    expect(all.albums.map((a) => a.name)).toEqual([`Ёлка ${tag} LP`, `École ${tag} LP`]);

    expect((await search(`елка ${tag}`)).tracks.map((t) => t.id)).toEqual([ids.yolka]);
    expect((await search(`ecole ${tag}`)).tracks.map((t) => t.id)).toEqual([ids.ecole]);
    // A track is found by its artist too; the artist list links the artist itself.
    const kino = await search(`кино ${tag}`);
    expect(kino.tracks.map((t) => t.id)).toEqual([ids.yolka]);
    expect(kino.artists.map((a) => a.id)).toEqual([ids.yolkaArtist]);
  });

  it("never shows another user's library or tracks only skipped, and treats % and _ literally", async () => {
    expect(await search(`secret ${tag}`)).toEqual({ tracks: [], artists: [], albums: [] });
    expect((await search(`skipped ${tag}`)).tracks).toEqual([]);
    expect((await search(`%${tag}`)).tracks).toEqual([]);
  });

  it("checks q and the session", async () => {
    for (const q of ["", "?q=", "?q=%20%20", `?q=${"x".repeat(101)}`]) {
      const res = await me.fetch(`/api/search${q}`);
      expect(res.status).toBe(400);
      expect((await res.json()).field).toBe("q");
    }
    expect((await new TestClient().fetch("/api/search?q=a")).status).toBe(401);
  });
});
