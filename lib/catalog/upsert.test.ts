import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { uniqueName } from "@/test/helpers/factories";
import { normalizeTitle, splitArtistCredit } from "./normalize";
import { type TrackInput, upsertTracks } from "./upsert";

const db = () => getDb();

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const rows = (await db().execute(query)) as unknown as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

function spotify(id: string, title: string, artists: string[], extra: Partial<TrackInput> = {}): TrackInput {
  return {
    provider: "spotify",
    externalId: id,
    title,
    artists: artists.map((name, i) => ({ name, externalId: `${id}a${i}` })),
    album: { title: `${title} album`, externalId: `${id}alb` },
    ...extra,
  };
}

describe("normalize", () => {
  it("equates version suffixes, feat. clauses and diacritics", () => {
    expect(normalizeTitle("Song - Remastered 2011")).toBe(normalizeTitle("Song (Remastered)"));
    expect(normalizeTitle("Sóng (feat. Guest)")).toBe(normalizeTitle("song"));
    expect(normalizeTitle("Кино — Группа крови")).toBe(normalizeTitle("кино группа крови"));
    expect(splitArtistCredit("A feat. B & C")).toEqual(["A", "B", "C"]);
  });
});

describe("upsertTracks", () => {
  it("creates tracks with artists in order, album and provider ids, and is idempotent", async () => {
    const id = uniqueName("sp");
    const a = spotify(id, "First Song", ["Zed", "Amy"]);
    const b = spotify(`${id}b`, "Second Song", ["Amy"]);
    const ids = await upsertTracks(db(), [a, b, a]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).not.toBe(ids[1]);
    const rows = (await db().execute(sql`
      select t.artist_line, al.title as album, p.url,
        (select array_agg(ar.name order by ta.position) from track_artists ta join artists ar on ar.id = ta.artist_id
          where ta.track_id = t.id) as names
      from tracks t join albums al on al.id = t.album_id
      join provider_ids p on p.kind = 'track' and p.entity_id = t.id
      where t.id = ${ids[0]}`)) as unknown as {
      artist_line: string;
      album: string;
      url: string;
      names: string[];
    }[];
    expect(rows[0]).toMatchObject({
      artist_line: "Zed, Amy",
      album: "First Song album",
      url: `https://open.spotify.com/track/${id}`,
      names: ["Zed", "Amy"],
    });
    const again = await upsertTracks(db(), [b, a]);
    expect(again).toEqual([ids[1], ids[0]]);
    expect(
      await count(sql`select count(*)::int as n from tracks where title = 'First Song' and id = ${ids[0]}`),
    ).toBe(1);
    // Amy appears on both tracks but is one artist.
    expect(
      await count(sql`select count(*)::int as n from provider_ids where external_id = ${`${id}a1`}`),
    ).toBe(1);
  });

  it("matches by ISRC across providers, then by normalised names", async () => {
    const n = uniqueName("m");
    const [base] = await upsertTracks(db(), [
      spotify(`${n}s`, `Tune ${n} - Remastered 2011`, [`Band ${n}`], { isrc: `IS${n}`, durationMs: 200_000 }),
    ]);
    const [byIsrc] = await upsertTracks(db(), [
      {
        provider: "yandex",
        externalId: `${n}y`,
        title: "Other spelling",
        artists: [{ name: "x" }],
        isrc: `IS${n}`,
      },
    ]);
    expect(byIsrc).toBe(base);
    const [byName] = await upsertTracks(db(), [
      {
        provider: "import",
        externalId: null,
        title: `Tune ${n} (Remastered)`,
        artists: [{ name: `BAND ${n}` }],
      },
    ]);
    expect(byName).toBe(base);
    // A Yandex track of the same name but a clearly different length is another recording.
    const [longer] = await upsertTracks(db(), [
      {
        provider: "yandex",
        externalId: `${n}y2`,
        title: `Tune ${n}`,
        artists: [{ name: `Band ${n}` }],
        durationMs: 260_000,
      },
    ]);
    expect(longer).not.toBe(base);
    // Another Spotify id with the same names stays separate until enrichment proves it is the same.
    const [other] = await upsertTracks(db(), [spotify(`${n}s2`, `Tune ${n}`, [`Band ${n}`])]);
    expect(other).not.toBe(base);
  });

  it("keys id-less items by metadata and folds name-only rows of one song together", async () => {
    const n = uniqueName("l");
    const row = (title: string, album?: string): TrackInput => ({
      provider: "import",
      externalId: null,
      title,
      artists: [{ name: `Solo ${n}` }],
      ...(album && { album: { title: album } }),
    });
    const ids = await upsertTracks(db(), [row(`Piece ${n}`), row(`piece ${n}!`, "Live"), row(`Other ${n}`)]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(await upsertTracks(db(), [row(`Piece ${n}`)])).toEqual([ids[0]]);
    expect(
      await count(
        sql`select count(*)::int as n from provider_ids where provider = 'local' and kind = 'track' and entity_id = ${ids[0]}`,
      ),
    ).toBe(2);
  });

  it("is safe under concurrent upserts of the same new tracks", async () => {
    const n = uniqueName("c");
    const inputs = Array.from({ length: 300 }, (_, i) => ({
      ...spotify(`${n}-${i}`, `Race ${i} ${n}`, []),
      artists: [{ name: `Racer ${n}`, externalId: `${n}-racer` }],
    }));
    const runs = await Promise.all([1, 2, 3, 4].map(() => upsertTracks(db(), inputs)));
    for (const r of runs) expect(r).toEqual(runs[0]);
    expect(new Set(runs[0]).size).toBe(300);
    expect(await count(sql`select count(*)::int as n from tracks where title like ${`Race % ${n}`}`)).toBe(
      300,
    );
    expect(await count(sql`select count(*)::int as n from artists where name = ${`Racer ${n}`}`)).toBe(1);
  });

  it("handles batches larger than one statement's chunk", async () => {
    const n = uniqueName("b");
    const inputs = Array.from({ length: 2100 }, (_, i) =>
      spotify(`${n}-${i}`, `Bulk ${i}`, [`Artist ${i % 50} ${n}`]),
    );
    const ids = await upsertTracks(db(), inputs);
    expect(new Set(ids).size).toBe(2100);
    expect(await upsertTracks(db(), inputs)).toEqual(ids);
  });
});
