import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { seedListens, seedTrack } from "@/test/admin/helpers";
import { createTestUser } from "@/test/helpers/factories";
import { sourcesOfTwins } from "./twins";

describe("sourcesOfTwins", () => {
  it("names the services only on rows that are the same song, from this person's listens", async () => {
    const user = await createTestUser({ prefix: "twin" });
    const other = await createTestUser({ prefix: "twin" });
    const onSpotify = await seedTrack({ title: "Кукушка - Remastered 2011", artist: "Кино" });
    const onYandex = await seedTrack({ title: "Кукушка", artist: "КИНО" });
    const alone = await seedTrack({ title: "Группа крови", artist: "Кино" });
    await seedListens(user.id, onSpotify.id, 2, { source: "spotify" });
    await seedListens(user.id, onYandex.id, 1, { source: "yandex" });
    await seedListens(user.id, alone.id, 1, { source: "yandex" });
    // Someone else's Spotify plays of the Yandex twin are not this person's sources.
    await seedListens(other.id, onYandex.id, 1, { source: "spotify" });

    const row = (t: typeof onSpotify) => ({ id: t.id, title: t.title, artist: t.artistLine });
    const out = await sourcesOfTwins(getDb(), user.id, [row(onSpotify), row(onYandex), row(alone)]);
    expect(out.map((r) => r.sources)).toEqual([["spotify"], ["yandex"], undefined]);
  });

  it("asks the database nothing when every row is different", async () => {
    const items = [{ id: 1, title: "A", artist: "X" }];
    expect(await sourcesOfTwins(getDb(), 0, items)).toBe(items);
  });
});
