import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { e2eDatabaseUrlFile } from "./constants";
import { registerUser, signIn, snapScreen } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

/** Two songs of one artist on one album, the first played more: enough for every kind of result. */
async function seedLibrary(username: string): Promise<number[]> {
  const sql = postgres(readFileSync(e2eDatabaseUrlFile(), "utf8"), { max: 1, onnotice: () => {} });
  try {
    const [user] = await sql<{ id: number }[]>`select id from users where username = ${username}`;
    const [artist] = await sql<{ id: number }[]>`insert into artists (name, norm_name)
      values ('Ёлочные игрушки', 'ёлочные игрушки') returning id`;
    const [album] = await sql<{ id: number }[]>`insert into albums (title, norm_title)
      values ('Ёлка и шишки', 'ёлка и шишки') returning id`;
    if (!user || !artist || !album) throw new Error("seed failed");
    const ids: number[] = [];
    for (const [title, plays] of [
      ["Ёлка", 3],
      ["Шишка на ёлке", 1],
    ] as const) {
      const [track] = await sql<
        { id: number }[]
      >`insert into tracks (title, norm_title, artist_line, album_id)
        values (${title}, ${title.toLowerCase()}, 'Ёлочные игрушки', ${album.id}) returning id`;
      if (!track) throw new Error("seed failed");
      ids.push(track.id);
      await sql`insert into track_artists (track_id, artist_id) values (${track.id}, ${artist.id})`;
      for (let i = 0; i < plays; i++)
        await sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, dedup_key)
          values (${user.id}, ${track.id}, 'yandex', 'live', now() - make_interval(hours => ${i + 2}),
            200000, ${`search:${track.id}:${i}`})`;
    }
    return ids;
  } finally {
    await sql.end();
  }
}

test("search the library: Ctrl-K on a desktop, the header button on a phone (ru)", async ({
  page,
}, testInfo) => {
  const phone = testInfo.project.name === "phone";
  if (phone) await page.setViewportSize({ width: 360, height: 800 });
  const username = await registerUser(page);
  const [first = 0, second = 0] = await seedLibrary(username);
  await signIn(page, username);
  await setLocale(page, "ru");
  await page.goto("/history");

  const dialog = page.getByRole("dialog", { name: "Поиск по вашей музыке" });
  const box = page.getByRole("combobox", { name: "Поиск по вашей музыке" });
  const button = page.getByRole("button", { name: "Поиск по вашей музыке" });
  if (phone) {
    const size = await button.boundingBox();
    expect(size?.width).toBeGreaterThanOrEqual(44);
    expect(size?.height).toBeGreaterThanOrEqual(44);
    await button.tap();
  } else {
    await page.locator("main").click();
    await page.keyboard.press("Control+k");
  }
  await expect(dialog).toBeVisible();
  await expect(box).toBeFocused();
  await expect(dialog).toContainText("Введите название песни");

  // Case and ё folded: "ЕЛ" finds both songs, the artist and the album, the most played song first.
  await box.fill("ЕЛ");
  const options = dialog.getByRole("option");
  await expect(options).toHaveCount(4);
  await expect(options.nth(0)).toContainText("Ёлка");
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await expect(dialog.locator(`a[href="/track/${first}"]`)).toHaveCount(1);
  await expect(dialog.locator('a[href^="/artist/"]')).toContainText("Ёлочные игрушки");
  await expect(dialog.locator('a[href^="/album/"]')).toContainText("Ёлка и шишки");

  const a = await audit(page, { touch: phone, locale: "ru" });
  expect.soft(a.overflow, "horizontal overflow").toEqual([]);
  expect.soft(a.clipped, "text clipped").toEqual([]);
  if (phone) expect.soft(a.targets, "touch targets under 44 px").toEqual([]);
  expect.soft(a.language, "words of the other language").toEqual([]);
  await snapScreen(page, testInfo, "search-ru");

  await box.fill("нет такого");
  await expect(dialog).toContainText("Среди прослушанного нет ничего по запросу «нет такого»");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Reopened, the arrow keys move to the second track and Enter opens its page.
  if (phone) await button.tap();
  else await page.keyboard.press("Meta+k");
  await box.fill("ёлк");
  await expect(options.nth(1)).toContainText("Шишка на ёлке");
  await page.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/track/${second}`);
  await expect(dialog).toBeHidden();
});
