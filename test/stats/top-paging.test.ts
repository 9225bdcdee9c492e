import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

let client: TestClient;

beforeAll(async () => {
  const db = getDb();
  const me = await createTestUser({ prefix: "paging" });
  // Three tracks with 3, 2 and 1 plays; the one-play track is the longest listen.
  const plays = [3, 2, 1];
  for (const [i, n] of plays.entries()) {
    const { trackId } = await makeTrack(db, { title: `Песня ${i + 1}`, albumGenre: `genre-${i}` });
    for (let k = 0; k < n; k++)
      await addListen(db, {
        userId: me.id,
        trackId,
        at: new Date(Date.now() - (i * 10 + k + 1) * 60_000),
        msPlayed: n === 1 ? 900_000 : 60_000,
      });
  }
  client = new TestClient();
  await client.signIn(me.username, me.password);
});

const get = async (qs: string) => (await client.fetch(`/api/stats/top?${qs}`)).json();

describe("GET /api/stats/top paging", () => {
  it.each(["all", "7d"])("pages through the whole list with its total (range=%s)", async (range) => {
    for (const kind of ["tracks", "artists", "albums", "genres"]) {
      const first = await get(`kind=${kind}&range=${range}&page=1&pageSize=2`);
      expect(first).toMatchObject({ kind, by: "plays", page: 1, pageSize: 2, totalItems: 3 });
      expect(first.items.map((i: { plays: number }) => i.plays)).toEqual([3, 2]);
      const second = await get(`kind=${kind}&range=${range}&page=2&pageSize=2`);
      expect(second.items.map((i: { plays: number }) => i.plays)).toEqual([1]);
      expect(second.total).toEqual(first.total);
    }
  });

  it("orders by minutes (and still takes the older by=time and limit)", async () => {
    const byMinutes = await get("kind=tracks&by=minutes&pageSize=1");
    expect(byMinutes).toMatchObject({ by: "minutes", totalItems: 3 });
    expect(byMinutes.items[0]).toMatchObject({ name: "Песня 3", minutes: 15 });
    const older = await get("kind=tracks&by=time&limit=1");
    expect(older.items).toEqual(byMinutes.items);
  });

  it("answers 400 naming the field for a bad page, page size or kind", async () => {
    for (const [qs, field] of [
      ["page=0", "page"],
      ["pageSize=101", "pageSize"],
      ["pageSize=abc", "pageSize"],
      ["kind=labels", "kind"],
      ["by=length", "by"],
    ]) {
      const res = await client.fetch(`/api/stats/top?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await res.json()).toMatchObject({ field });
    }
  });
});
