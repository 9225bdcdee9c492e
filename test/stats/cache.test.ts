import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { statsVersion, withStatsCache } from "@/lib/stats/cache";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

describe("stats cache", () => {
  it("reuses an answer until the user's listens change", async () => {
    const db = getDb();
    const user = await createTestUser();
    const other = await createTestUser();
    const { trackId } = await makeTrack(db);
    let computed = 0;
    const answer = () => withStatsCache(db, user.id, "k", async () => ++computed);
    expect(await answer()).toBe(1);
    expect(await answer()).toBe(1);
    const id = await addListen(db, { userId: user.id, trackId, at: new Date() });
    expect(await answer()).toBe(2);
    // Another user's listens leave this user's cache alone.
    await addListen(db, { userId: other.id, trackId, at: new Date() });
    expect(await answer()).toBe(2);
    await db.execute(sql`update listens set skipped = true where id = ${id}`);
    expect(await answer()).toBe(3);
    await db.execute(sql`delete from listens where id = ${id}`);
    expect(await answer()).toBe(4);
    expect(Number(await statsVersion(db, user.id))).toBe(3);
  });
});
