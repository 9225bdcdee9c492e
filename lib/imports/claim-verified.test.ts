import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, type RootDb } from "@/db/client";
import { imports } from "@/db/schema/listens";
import { upsertTracks } from "@/lib/catalog/upsert";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, spotifyId } from "@/test/imports/fixtures";
import { storeFiles } from "@/test/imports/helpers";
import { createImport } from "./create";
import type { ImportRow } from "./types";
import { type ImportScope, prepareBatch, writeBatch } from "./write";

/** One Spotify extended-history play of track `id`, as the mapper makes it. */
const play = (id: string, at: string): ImportRow => ({
  key: `claim-verified-${id}-${at}`,
  source: "spotify",
  origin: "history",
  startedAt: Date.parse(at),
  endedAt: Date.parse(at) + 200_000,
  msPlayed: 200_000,
  skipped: false,
  track: { provider: "spotify", externalId: id, title: "Made Up", artists: [{ name: "Claimer" }] },
  extra: { fmt: "spotify-extended" },
});

describe("a claim verified by a provider while the claimer's import runs", () => {
  it("does not fail the import's next batches: their listens land on the provider's track", async () => {
    const db = getDb() as RootDb;
    const user = await createTestUser({ prefix: "claimmid" });
    const uploads = await storeFiles([
      {
        name: "Streaming_History_Audio_2024.json",
        data: JSON.stringify([extendedRow({ end: new Date(), ms: 1, uri: null, title: "", artist: "" })]),
      },
    ]);
    const { id: importId } = await createImport(db, { userId: user.id, uploads, maxBytes: 1e6 });
    await db.update(imports).set({ status: "running" }).where(eq(imports.id, importId));
    const scope: ImportScope = { userId: user.id, importId, ownExport: false, cache: new Map() };
    const none = async () => {};
    const id = spotifyId("midimport");
    const seen = new Set<string>();

    await writeBatch(
      db,
      scope,
      await prepareBatch(db, scope, [play(id, "2024-01-01T10:00:00Z")], 0, seen),
      none,
    );
    // Prepared (track ids resolved) before the verification, written after it, as run.ts overlaps them.
    const early = await prepareBatch(db, scope, [play(id, "2024-01-02T10:00:00Z")], 0, seen);

    const [provider] = await upsertTracks(db, [
      { provider: "spotify", externalId: id, title: "Real Title", artists: [{ name: "Real Artist" }] },
    ]);

    await writeBatch(db, scope, early, none);
    // The next chunk finds the song in the import's track cache.
    await writeBatch(
      db,
      scope,
      await prepareBatch(db, scope, [play(id, "2024-01-03T10:00:00Z")], 0, seen),
      none,
    );

    const rows = (await db.execute(sql`
      select l.track_id as "trackId", t.title from listens l join tracks t on t.id = l.track_id
      where l.user_id = ${user.id} order by l.started_at`)) as unknown as {
      trackId: number;
      title: string;
    }[];
    expect(rows).toEqual([1, 2, 3].map(() => ({ trackId: provider, title: "Real Title" })));
  });
});
