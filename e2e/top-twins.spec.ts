import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrlFile } from "./constants";
import { registerUser, signIn, snap } from "./helpers";
import { setLocale } from "./spotify-steps";

/**
 * One song, two catalog tracks (one per service, no ISRC or duration to join them): made in SQL, since the
 * fakes' catalogs never collide like that. Yandex plays happen first, Spotify's after.
 */
async function seedTwins(username: string): Promise<void> {
  const sql = postgres(readFileSync(e2eDatabaseUrlFile(), "utf8"), { max: 1, onnotice: () => {} });
  try {
    const [user] = await sql<{ id: number }[]>`select id from users where username = ${username}`;
    if (!user) throw new Error(`no user ${username}`);
    const [artist] = await sql<{ id: number }[]>`insert into artists (name, norm_name)
      values ('Кино', 'кино') returning id`;
    for (const [source, plays] of [
      ["spotify", 3],
      ["yandex", 2],
    ] as const) {
      const [track] = await sql<{ id: number }[]>`insert into tracks (title, norm_title, artist_line)
        values ('Кукушка', 'кукушка', 'Кино') returning id`;
      if (!track || !artist) throw new Error("seed failed");
      await sql`insert into track_artists (track_id, artist_id) values (${track.id}, ${artist.id})`;
      for (let i = 0; i < plays; i++)
        await sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, dedup_key)
          values (${user.id}, ${track.id}, ${source}, 'live', now() - make_interval(hours => ${i + 2}),
            240000, ${`twin:${source}:${i}`})`;
    }
  } finally {
    await sql.end();
  }
}

test("the same song from Spotify and Yandex Music shows which is which in top tracks", async ({
  page,
}, testInfo) => {
  const username = await registerUser(page);
  await seedTwins(username);
  await signIn(page, username);
  await setLocale(page, "ru");
  await page.goto("/dashboard?range=7d");
  const top = page.locator("section").filter({ has: page.getByRole("tab", { name: "Треки" }) });
  await top.getByRole("tab", { name: "Треки" }).click();
  const rows = top.locator("ol li").filter({ hasText: "Кукушка" });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Spotify");
  await expect(rows.nth(1)).toContainText("Яндекс Музыка");
  await rows.nth(0).scrollIntoViewIfNeeded();
  await snap(page, testInfo, "top-twins-ru");
});
