import { expect, type Page, test } from "@playwright/test";
import { registerUser, seedUser, signIn } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

/**
 * Exclusions (issue #19): hide the top artist from its page, see it gone from the dashboard's top list,
 * find it in Settings → "Hidden from stats", show it again. On the phone in Russian (the main audience)
 * and a desktop in English.
 */
const TEXT = {
  ru: {
    artists: "Исполнители",
    hide: "Скрыть из статистики",
    hidden: "скрыт из вашей статистики",
    show: "Вернуть",
  },
  en: { artists: "Artists", hide: "Hide from stats", hidden: "hidden from your stats", show: "Show" },
} as const;

async function check(page: Page, touch: boolean, locale: "ru" | "en", what: string): Promise<void> {
  const a = await audit(page, { touch, locale });
  expect.soft(a.overflow, `${what}: horizontal overflow`).toEqual([]);
  expect.soft(a.clipped, `${what}: text clipped`).toEqual([]);
  expect.soft(a.language, `${what}: words of the other language`).toEqual([]);
  if (touch) expect.soft(a.targets, `${what}: touch targets under 44 px`).toEqual([]);
}

test("hide an artist from the stats and show it again", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const touch = testInfo.project.name === "phone";
  const locale = touch ? "ru" : "en";
  const text = TEXT[locale];
  if (touch) await page.setViewportSize({ width: 360, height: 780 });
  const username = await registerUser(page);
  await seedUser(username, { timeZone: "UTC", listens: 800, years: 1, seed: "hide" });
  await signIn(page, username);
  await setLocale(page, locale);
  const shot = (name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}-${locale}.png`), fullPage: true });

  // The all-time top artist, from the dashboard.
  await page.goto("/dashboard?range=all");
  await page.getByRole("tab", { name: text.artists, exact: true }).click();
  const top = page.locator('main a[href^="/artist/"]').first();
  await expect(top).toBeVisible({ timeout: 20_000 });
  const href = (await top.getAttribute("href")) ?? "";
  await top.click();
  await page.waitForURL(`**${href}`);
  const name = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";

  await page.getByRole("button", { name: text.hide }).click();
  await expect(page.getByRole("status").filter({ hasText: text.hidden })).toBeVisible();
  await shot("artist-hidden");
  await check(page, touch, locale, "artist page, hidden");

  // Gone from the top list; listed in Settings.
  await page.goto("/dashboard?range=all");
  await page.getByRole("tab", { name: text.artists, exact: true }).click();
  await expect(page.locator('main a[href^="/artist/"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator(`main a[href="${href}"]`)).toHaveCount(0);
  await page.goto("/settings");
  const row = page.locator("#hidden-title").locator("..").getByRole("listitem").filter({ hasText: name });
  await expect(row).toBeVisible();
  await page
    .locator("section", { has: page.locator("#hidden-title") })
    .screenshot({ path: testInfo.outputPath(`settings-hidden-${locale}.png`) });
  await check(page, touch, locale, "settings");

  // Show it again: back in the top list.
  await row.getByRole("button", { name: new RegExp(text.show) }).click();
  await expect(row).toHaveCount(0);
  await page.goto("/dashboard?range=all");
  await page.getByRole("tab", { name: text.artists, exact: true }).click();
  await expect(page.locator(`main a[href="${href}"]`).first()).toBeVisible({ timeout: 20_000 });
});
