import { writeFileSync } from "node:fs";
import { expect, type Page, request, test } from "@playwright/test";
import { registerUser, seedUser, signIn } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

/**
 * The year in review: reached from the dashboard, readable at 360 px and on a desktop in Russian and English,
 * a friendly empty year, the year switcher, and the two share images (PNG of the right size, private).
 */
const SIZES = { phone: { width: 360, height: 780 }, desktop: { width: 1440, height: 900 } } as const;
const ZONES = { ru: "Europe/Moscow", en: "America/New_York" } as const;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("main .animate-pulse")).toHaveCount(0, { timeout: 20_000 });
}

for (const locale of ["ru", "en"] as const) {
  test.describe(`recap in ${locale}`, () => {
    test.use({ timezoneId: ZONES[locale], locale: locale === "ru" ? "ru-RU" : "en-US" });

    test(`year in review (${locale})`, async ({ page, baseURL }, testInfo) => {
      test.setTimeout(240_000);
      const size = testInfo.project.name === "phone" ? "phone" : "desktop";
      const touch = size === "phone";
      await page.setViewportSize(SIZES[size]);
      const username = await registerUser(page);
      await seedUser(username, { timeZone: ZONES[locale], listens: 3000, years: 3, seed: "recap" });
      await signIn(page, username);
      await setLocale(page, locale);
      await page.goto("/dashboard");
      const link = page.locator('a[href^="/recap/"]').first();
      await expect(link).toBeVisible();
      const year = Number((await link.getAttribute("href"))?.split("/").pop());
      await link.click();
      await page.waitForURL(`**/recap/${year}`);
      await settled(page);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(String(year));
      for (const kind of ["artists", "tracks", "albums", "genres"])
        await expect(page.getByTestId(`recap-top-${kind}`).locator("li")).toHaveCount(5);
      await expect(page.getByTestId("recap-months").locator("li")).toHaveCount(12);
      await page.screenshot({ path: testInfo.outputPath(`recap-${locale}-${size}.png`), fullPage: true });
      // The README shows the recap as the dashboard: a phone in Russian, a desktop in English.
      if (process.env.UPDATE_SCREENSHOTS && (locale === "ru") === touch)
        await page.screenshot({ path: `public/screenshots/recap-${size}-${locale}.png` });
      if (size === "phone") {
        // The whole page at 360 px is too tall to read in one picture: also in screen-sized parts.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let y = 0, i = 1; y < height; y += 1400, i++) {
          const clip = { x: 0, y, width: 360, height: Math.min(1400, height - y) };
          await page.screenshot({
            path: testInfo.outputPath(`recap-${locale}-phone-${i}.png`),
            fullPage: true,
            clip,
          });
        }
      }
      const a = await audit(page, { touch, locale });
      expect.soft(a.overflow, "horizontal overflow").toEqual([]);
      expect.soft(a.clipped, "text clipped").toEqual([]);
      expect.soft(a.language, "words of the other language").toEqual([]);
      if (touch) expect.soft(a.targets, "touch targets under 44 px").toEqual([]);

      // Another year with listens, from the switcher.
      const other = page.locator('nav a[href^="/recap/"]:not([aria-current])').first();
      const otherYear = (await other.textContent())?.trim() ?? "";
      await other.click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(otherYear);

      // A year without listens: a friendly empty state, and the way back.
      await page.goto("/recap/2001");
      await expect(page.getByTestId("recap-empty")).toBeVisible();
      await expect(page.locator(`nav a[href="/recap/${year}"]`)).toBeVisible();
      await page.screenshot({
        path: testInfo.outputPath(`recap-empty-${locale}-${size}.png`),
        fullPage: true,
      });
      expect.soft((await audit(page, { touch, locale })).language, "empty: other language").toEqual([]);

      // Share images: PNGs of the asked size for this user only.
      if (size === "desktop") {
        for (const [format, want] of [
          ["story", { width: 1080, height: 1920 }],
          ["card", { width: 1200, height: 630 }],
        ] as const) {
          const res = await page.request.get(`/recap/${year}/image?format=${format}`);
          expect(res.status()).toBe(200);
          expect(res.headers()["content-type"]).toBe("image/png");
          expect(res.headers()["cache-control"]).toContain("private");
          const png = await res.body();
          expect(pngSize(png)).toEqual(want);
          writeFileSync(testInfo.outputPath(`recap-${format}-${locale}.png`), png);
          if (process.env.UPDATE_SCREENSHOTS && format === "story" && locale === "ru")
            writeFileSync(`public/screenshots/recap-story-${locale}.png`, png);
        }
        expect((await page.request.get(`/recap/${year}/image?format=poster`)).status()).toBe(400);
        const stranger = await request.newContext({ baseURL });
        const res = await stranger.get(`/recap/${year}/image?format=card`, { maxRedirects: 0 });
        expect(res.headers()["content-type"] ?? "").not.toContain("image/png");
        await stranger.dispose();
      }
    });
  });
}
