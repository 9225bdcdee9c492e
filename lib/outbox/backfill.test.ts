import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser } from "@/test/helpers/factories";
import { connectLastfm, connectLb, seedListens, seedTracks } from "@/test/helpers/outbox";
import { startBackfill } from "./targets";

const db = getDb();
const { listenbrainz: lb } = fakeControls();
const nowS = () => Math.floor(Date.now() / 1000);

async function fileImport(userId: number, format: string): Promise<number> {
  const rows = (await db.execute(sql`
    with i as (
      insert into imports (user_id, kind, file_name, file_sha256, status)
      values (${userId}, ${format}, 'history', 'x', 'done') returning id)
    insert into import_files (import_id, position, name, path, format, bytes, sha256)
    select id, 0, 'history', '/nowhere', ${format}, 1, 'x' from i returning import_id`)) as unknown as {
    import_id: number;
  }[];
  return Number(rows[0]?.import_id);
}

describe("back-fill", () => {
  it("skips what came from that service's own export, and runs once", async () => {
    const user = await createTestUser({ prefix: "obbf" });
    const tracks = await seedTracks(db, 4);
    const fromLastfm = await fileImport(user.id, "lastfm-csv");
    const fromLb = await fileImport(user.id, "listenbrainz-jsonl");
    await seedListens(db, user.id, tracks, { count: 5, endS: nowS() - 600, spacingS: 60 });
    await seedListens(db, user.id, tracks, {
      count: 3,
      endS: nowS() - 7200,
      spacingS: 60,
      importId: fromLastfm,
    });
    await seedListens(db, user.id, tracks, { count: 2, endS: nowS() - 9000, spacingS: 60, importId: fromLb });
    await connectLb(db, lb, user.id);
    await connectLastfm(db, user.id);
    // ListenBrainz gets the Last.fm import but not its own export; Last.fm the other way round.
    expect((await startBackfill(db, user.id, "listenbrainz")).queued).toBe(8);
    expect((await startBackfill(db, user.id, "lastfm")).queued).toBe(7);
    expect((await startBackfill(db, user.id, "listenbrainz")).queued).toBe(0);
  });
});
