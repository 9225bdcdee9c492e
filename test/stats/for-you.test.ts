import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { getForYou } from "@/lib/stats/for-you";
import { getLikes } from "@/lib/stats/likes";
import { statsParams } from "@/lib/stats/params";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const DAY = 86_400_000;

describe("for you and likes", () => {
  it("suggests songs on repeat, old favourites gone quiet and forgotten likes, with reasons", async () => {
    const db = getDb();
    const user = await createTestUser();
    const now = Date.now();
    const repeat = await makeTrack(db, { title: "Now every day" });
    const old = await makeTrack(db, { title: "Last year's anthem" });
    const liked = await makeTrack(db, { title: "Liked and left" });
    for (let i = 0; i < 4; i++)
      await addListen(db, { userId: user.id, trackId: repeat.trackId, at: new Date(now - i * DAY) });
    for (let i = 0; i < 6; i++)
      await addListen(db, { userId: user.id, trackId: old.trackId, at: new Date(now - (365 + i) * DAY) });
    await db.execute(sql`insert into likes (user_id, track_id, provider, liked_at)
      values (${user.id}, ${liked.trackId}, 'yandex', ${new Date(now - 200 * DAY).toISOString()}::timestamptz),
             (${user.id}, ${repeat.trackId}, 'spotify', ${new Date(now - 40 * DAY).toISOString()}::timestamptz)`);
    const p = statsParams({ id: user.id, timeZone: "UTC" }, {});
    const { items } = await getForYou(db, p);
    const reasons = Object.fromEntries(items.map((i) => [i.title, i.reason]));
    expect(reasons).toEqual({
      "Now every day": "on_repeat",
      "Last year's anthem": "rediscover",
      "Liked and left": "forgotten_like",
    });
    const likes = await getLikes(db, p);
    expect(likes.total).toBe(2);
    expect(likes.never_played).toBe(1);
    expect(likes.items.find((l) => l.track_id === repeat.trackId)?.plays).toBe(4);
  });
});
