import { copyFileSync, mkdirSync } from "node:fs";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { importScrobbles, registerUser, seedUser, signIn } from "./helpers";
import { connectSpotify, setLocale, spotifyUser } from "./spotify-steps";
import { type Audit, audit } from "./visual-audit";

/**
 * Every page at 360 × 780 (the "phone" project) and 1440 × 900 ("desktop"), in Russian and English, with a
 * seeded history of a few thousand listens: screenshots under test-results/ (CI keeps them) and the checks a
 * person would otherwise do by eye. UPDATE_SCREENSHOTS=1 also refreshes the README's pictures.
 */
const SIZES = { phone: { width: 360, height: 780 }, desktop: { width: 1440, height: 900 } } as const;
const ZONES = { ru: "Europe/Moscow", en: "America/New_York" } as const;

async function idsOf(page: Page): Promise<{ track: number; artist: number }> {
  const get = async (kind: string) =>
    (await (await page.request.get(`/api/stats/top?kind=${kind}&range=all&limit=1`)).json()).items[0].id;
  return { track: await get("tracks"), artist: await get("artists") };
}

/** Waits until widgets and lazy charts have replaced their placeholders. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("main [role=status][aria-label], main [aria-busy=true]")).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(page.locator("main .animate-pulse")).toHaveCount(0, { timeout: 20_000 });
}

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

function report(route: string, a: Audit, errors: string[], touch: boolean): void {
  expect.soft(a.overflow, `${route}: horizontal overflow`).toEqual([]);
  expect.soft(a.clipped, `${route}: text clipped by its box`).toEqual([]);
  if (touch) expect.soft(a.targets, `${route}: touch targets under 44 px`).toEqual([]);
  expect.soft(a.contrast, `${route}: text contrast`).toEqual([]);
  expect.soft(a.language, `${route}: words of the other language`).toEqual([]);
  expect.soft(errors, `${route}: console errors`).toEqual([]);
}

for (const locale of ["ru", "en"] as const) {
  test.describe(`every page in ${locale}`, () => {
    test.use({ timezoneId: ZONES[locale], locale: locale === "ru" ? "ru-RU" : "en-US" });

    test(`screenshots and checks (${locale})`, async ({ page }, testInfo) => {
      test.setTimeout(420_000);
      const size = testInfo.project.name === "phone" ? "phone" : "desktop";
      const touch = size === "phone";
      await page.setViewportSize(SIZES[size]);
      const errors: string[] = [];
      page.on("console", (m) => {
        // A provider's cover that cannot load (no network here) shows as a letter tile: not an error of ours.
        const foreign = !m.location().url.startsWith(new URL(page.url()).origin);
        if (m.type() === "error" && !(foreign && m.text().startsWith("Failed to load resource"))) {
          errors.push(`${m.text().slice(0, 200)} (${m.location().url.slice(0, 80)})`);
        }
      });
      page.on("pageerror", (e) => errors.push(e.message.slice(0, 200)));

      // Signed out first: sign-in and registration.
      await setLocale(page, locale);
      for (const path of ["/login", "/register"]) {
        await page.goto(path);
        await expect(page.locator("form")).toBeVisible();
        await shoot(page, testInfo, `${path.slice(1)}-${locale}-${size}`);
        report(path, await audit(page, { touch, locale }), errors.splice(0), touch);
      }

      const username = await registerUser(page);
      await seedUser(username, {
        timeZone: ZONES[locale],
        listens: 3000,
        years: 3,
        seed: "visual",
        admin: true,
      });
      await signIn(page, username);
      await importScrobbles(page, [`${Math.floor(Date.now() / 1000) - 900},x,Кино,,Группа крови,,Кукушка,`]);
      await connectSpotify(page, spotifyUser());
      await setLocale(page, locale);
      const { track, artist } = await idsOf(page);
      const routes = [
        "/dashboard",
        "/activity",
        "/history",
        "/likes",
        "/for-you",
        "/import",
        "/settings",
        "/yandex/connect",
        `/track/${track}`,
        `/track/${track}/lyrics`,
        `/artist/${artist}`,
        "/admin/users",
        "/admin/tracks",
        "/admin/activity",
        "/admin/jobs",
        "/admin/audit",
        "/admin/settings",
      ];
      errors.length = 0;
      for (const route of routes) {
        await page.goto(route);
        await settled(page);
        const name = route.slice(1).replace(/\/\d+/g, "").replaceAll("/", "-");
        const shot = await shoot(page, testInfo, `${name}-${locale}-${size}`);
        if (route === "/dashboard" && process.env.UPDATE_SCREENSHOTS) {
          // The README shows the statistics, as someone who has hidden the getting-started list sees them.
          const checklist = page.locator("section[aria-labelledby=onboarding-title]");
          if (await checklist.isVisible()) {
            await checklist.locator("button[aria-label]").first().click();
            await expect(checklist).toHaveCount(0);
            await settled(page);
          }
          mkdirSync("public/screenshots", { recursive: true });
          await page.screenshot({ path: `public/screenshots/dashboard-${size}-${locale}.png` });
          copyFileSync(shot, testInfo.outputPath(`readme-${size}-${locale}.png`));
        }
        report(route, await audit(page, { touch, locale }), errors.splice(0), touch);
      }
    });
  });
}
