import { expect, type Page, test } from "@playwright/test";
import { registerUser, seedUser, signIn } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

/**
 * Album and genre pages (issue #19): reached from the dashboard's top lists, linked back from the track page,
 * readable at 360 px and on a desktop in Russian (and English on a desktop), a friendly 404 for an album the
 * user never heard.
 */
const KINDS = {
  ru: { albums: "Альбомы", genres: "Жанры" },
  en: { albums: "Albums", genres: "Genres" },
} as const;
const NOT_FOUND = { ru: "Страница не найдена", en: "Page not found" } as const;
const SIZES = { phone: { width: 360, height: 780 }, desktop: { width: 1440, height: 900 } } as const;

async function check(page: Page, touch: boolean, locale: "ru" | "en", what: string): Promise<void> {
  const a = await audit(page, { touch, locale });
  expect.soft(a.overflow, `${what}: horizontal overflow`).toEqual([]);
  expect.soft(a.clipped, `${what}: text clipped`).toEqual([]);
  expect.soft(a.language, `${what}: words of the other language`).toEqual([]);
  if (touch) expect.soft(a.targets, `${what}: touch targets under 44 px`).toEqual([]);
}

for (const locale of ["ru", "en"] as const) {
  test(`album and genre pages (${locale})`, async ({ page }, testInfo) => {
    const size = testInfo.project.name === "phone" ? "phone" : "desktop";
    test.skip(locale === "en" && size === "phone", "English is looked at on a desktop; the phone in Russian");
    test.setTimeout(180_000);
    const touch = size === "phone";
    await page.setViewportSize(SIZES[size]);
    const username = await registerUser(page);
    // The user's zone set to UTC is what an unset one falls back to here (INSTANCE_TIMEZONE).
    await seedUser(username, { timeZone: "UTC", listens: 1500, years: 2, seed: "groups" });
    await signIn(page, username);
    await setLocale(page, locale);
    const shot = (name: string) =>
      page.screenshot({ path: testInfo.outputPath(`${name}-${locale}-${size}.png`), fullPage: true });

    // Dashboard → top albums → the first album.
    await page.goto("/dashboard");
    await page.getByRole("tab", { name: KINDS[locale].albums, exact: true }).click();
    const album = page.locator('main a[href^="/album/"]').first();
    await expect(album).toBeVisible({ timeout: 20_000 });
    const albumHref = (await album.getAttribute("href")) ?? "";
    await album.click();
    await page.waitForURL(`**${albumHref}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const tracks = page.locator('main ol a[href^="/track/"]');
    await expect(tracks.first()).toBeVisible();
    await expect(page.locator("main .recharts-surface").first()).toBeVisible();
    await shot("album");
    await check(page, touch, locale, "album");

    // The track page links its album back.
    await tracks.first().click();
    await page.waitForURL("**/track/*");
    await page.locator(`main a[href="${albumHref}"]`).click();
    await page.waitForURL(`**${albumHref}`);

    // Dashboard → top genres → the first genre (names are URL-encoded).
    await page.goto("/dashboard");
    await page.getByRole("tab", { name: KINDS[locale].genres, exact: true }).click();
    const genre = page.locator('main a[href^="/genre/"]').first();
    await expect(genre).toBeVisible({ timeout: 20_000 });
    const genreName = (await genre.locator("span.font-medium").first().textContent())?.trim() ?? "";
    await genre.click();
    await page.waitForURL("**/genre/*");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(genreName);
    await expect(page.locator('main ol a[href^="/track/"]').first()).toBeVisible();
    await shot("genre");
    await check(page, touch, locale, "genre");

    // An album this user never heard, and a bad id: the friendly 404, not an error page.
    for (const path of ["/album/2000000000", "/album/abc", "/genre/nothing%20here"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(NOT_FOUND[locale]);
    }
    await shot("album-404");
    await check(page, touch, locale, "404");
  });
}
