import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, spotifyId } from "@/test/imports/fixtures";
import { importFiles } from "@/test/imports/helpers";
import { upsertTracks } from "./upsert";

/** One play of Spotify track `id` as a user's extended-history file describes it. */
const file = (id: string, title: string, artist: string, end: string) => [
  {
    name: "Streaming_History_Audio_2024.json",
    data: JSON.stringify([
      extendedRow({ end: new Date(end), ms: 200_000, uri: `spotify:track:${id}`, title, artist }),
    ]),
  },
];

/** What the user sees for their listens: title, artists and the track's ISRC, and the all-time rollup. */
async function seen(userId: number) {
  const rows = (await getDb().execute(sql`
    select t.title, t.artist_line as artists, t.isrc, l.track_id as "trackId",
      (select sum(plays)::int from listen_track_totals r where r.user_id = l.user_id and r.track_id = l.track_id)
        as plays
    from listens l join tracks t on t.id = l.track_id where l.user_id = ${userId}`)) as unknown as {
    title: string;
    artists: string;
    isrc: string | null;
    trackId: number;
    plays: number;
  }[];
  return rows;
}

describe("catalog trust: a file's claims about a track", () => {
  it("never change what another user sees, and give way to the provider's metadata once verified", async () => {
    const id = spotifyId("claim");
    const a = await createTestUser({ prefix: "claim_a" });
    const b = await createTestUser({ prefix: "claim_b" });
    expect(
      (await importFiles(a.id, file(id, "Made Up Title", "Prankster", "2024-03-01T10:00:00Z"))).status,
    ).toBe("done");
    expect(await seen(a.id)).toMatchObject([{ title: "Made Up Title", artists: "Prankster", plays: 1 }]);

    // B imports the same id later: B sees what B's own file says, never A's made-up title.
    await importFiles(b.id, file(id, "Real Song", "Real Artist", "2024-03-02T10:00:00Z"));
    const [bView] = await seen(b.id);
    expect(bView).toMatchObject({ title: "Real Song", artists: "Real Artist", plays: 1 });
    const [aView] = await seen(a.id);
    expect(bView?.trackId).not.toBe(aView?.trackId);

    // A third user's live play of the id (a provider call) gets the provider's track, not a claim...
    const [liveId] = await upsertTracks(getDb(), [
      { provider: "spotify", externalId: id, title: "Real Song", artists: [{ name: "Real Artist" }] },
    ]);
    expect(liveId).not.toBe(aView?.trackId);
    expect(liveId).not.toBe(bView?.trackId);
    // ...which verifies both claims: A and B now see the provider's track, with their plays (rollups too).
    expect(await seen(a.id)).toMatchObject([{ trackId: liveId, title: "Real Song", plays: 1 }]);
    expect(await seen(b.id)).toMatchObject([{ trackId: liveId, title: "Real Song", plays: 1 }]);
  });

  it("never overwrite or fill a provider's track, nor capture another user's song by its ISRC", async () => {
    const id = spotifyId("known");
    const [known] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: id,
        title: "Provider Title",
        artists: [{ name: "Provider Artist" }],
      },
    ]);
    const c = await createTestUser({ prefix: "claim_c" });
    // Our own export format carries ISRCs: one row claims the known id, one a name-only song.
    const listen = (key: string, title: string, ids: Record<string, string>, isrc: string) => ({
      key,
      source: "import",
      origin: "import",
      startedAt: "2024-03-03T10:00:00Z",
      endedAt: null,
      msPlayed: 200_000,
      skipped: false,
      spotifyPlayedAt: null,
      duplicateOf: null,
      extra: null,
      track: { title, artists: ["Vandal"], album: null, durationMs: 200_000, isrc, ids },
    });
    const isrc = `XX${id.slice(0, 10).toUpperCase()}`;
    const data = JSON.stringify({
      format: "musictrace-export",
      listens: [
        listen(`k1-${id}`, "Vandalised", { spotify: id }, `${isrc}A`),
        listen(`k2-${id}`, "Bait", {}, `${isrc}B`),
      ],
    });
    const view = await importFiles(c.id, [{ name: "musictrace.json", data }]);
    expect(view.counts.imported).toBe(2);
    expect(await seen(c.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ trackId: known, title: "Provider Title", isrc: null }),
        expect.objectContaining({ title: "Bait", isrc: `${isrc}B` }),
      ]),
    );
    // Another user's song with the ISRC C's file gave "Bait" gets a track of its own, not C's.
    const [honest] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: spotifyId("honest"),
        title: "Honest",
        artists: [{ name: "Someone" }],
        isrc: `${isrc}B`,
      },
    ]);
    const titles = (await getDb().execute(
      sql`select title from tracks where id = ${honest as number}`,
    )) as unknown as { title: string }[];
    expect(titles).toEqual([{ title: "Honest" }]);
  });

  it("agree when one user's claims resolve at once, and leave a shared track they match shared", async () => {
    const db = getDb();
    const [shared] = await upsertTracks(db, [
      {
        provider: "yandex",
        externalId: `y${spotifyId("shared")}`,
        title: "Shared Song",
        artists: [{ name: "Shared Band" }],
      },
    ]);
    const inputs = [
      ...Array.from({ length: 50 }, (_, i) => ({
        provider: "import" as const,
        externalId: null,
        title: `Lonely ${i} ${spotifyId("l")}`,
        artists: [{ name: "Nobody" }],
      })),
      // A Spotify id nobody resolved yet, named like the Yandex-only track: the claim may use that track.
      {
        provider: "spotify" as const,
        externalId: spotifyId("match"),
        title: "Shared Song",
        artists: [{ name: "Shared Band" }],
      },
    ];
    const e = await createTestUser({ prefix: "claim_e" });
    // Chunks of one import resolve concurrently (run.ts prepares the next while one writes).
    const runs = await Promise.all([1, 2, 3].map(() => upsertTracks(db, inputs, { claimedBy: e.id })));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(new Set(runs[0]).size).toBe(51);
    expect(runs[0]?.[50]).toBe(shared);
    // Still shared: another user's claim of the same finds it too.
    const f = await createTestUser({ prefix: "claim_f" });
    expect((await upsertTracks(db, inputs.slice(50), { claimedBy: f.id }))[0]).toBe(shared);
  });

  it("a name-only history imported first joins the provider's track once a live play brings it", async () => {
    const db = getDb();
    const g = await createTestUser({ prefix: "claim_g" });
    const title = `Quiet Song ${spotifyId("q")}`;
    const data = JSON.stringify({
      format: "musictrace-export",
      listens: [
        {
          key: `q-${title}`,
          source: "import",
          origin: "import",
          startedAt: "2024-03-04T10:00:00Z",
          endedAt: null,
          msPlayed: 180_000,
          skipped: false,
          spotifyPlayedAt: null,
          duplicateOf: null,
          extra: null,
          track: { title, artists: ["Calm Band"], album: null, durationMs: 181_000, isrc: null, ids: {} },
        },
      ],
    });
    await importFiles(g.id, [{ name: "musictrace.json", data }]);
    const [claim] = await seen(g.id);
    const [live] = await upsertTracks(db, [
      {
        provider: "spotify",
        externalId: spotifyId("quiet"),
        title: `${title} - Remastered 2011`,
        artists: [{ name: "Calm Band" }],
        durationMs: 180_000,
      },
    ]);
    expect(live).not.toBe(claim?.trackId);
    expect(await seen(g.id)).toMatchObject([
      { trackId: live, title: `${title} - Remastered 2011`, plays: 1 },
    ]);
  });
});
