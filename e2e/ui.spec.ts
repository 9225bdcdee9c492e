import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { sid } from "@/test/fakes/spotify-data";
import { e2eDatabaseUrlFile } from "./constants";
import { fakes } from "./fakes";
import { E2E_ADMIN, importScrobbles, registerUser, signIn, snap, snapScreen } from "./helpers";
import { connectSpotify, setLocale, spotifyUser } from "./spotify-steps";

const ARTISTS = ["Aurora Lane", "The Night Owls", "Кино", "Guest Star"];

/** 48 scrobbles over the last three weeks, so every stats page has something to show. */
async function importHistory(page: Page): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  await importScrobbles(
    page,
    Array.from({ length: 48 }, (_, i) => {
      const artist = ARTISTS[i % ARTISTS.length];
      return `${now - 3600 - i * 37_000},x,${artist},,Album ${i % 3},,Song ${i % 7} of ${artist},`;
    }),
  );
}

/** Controls a thumb uses must be at least 44 px tall on a touch screen (and the bar's at least 44 wide). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel = "main button, main select, main [role=tab], main summary, nav a, nav button";
    return [...document.querySelectorAll<HTMLElement>(sel)]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ el, r }) => r.height < 44 || (el.closest("nav") !== null && r.width < 44))
      .map(
        ({ el, r }) =>
          `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      );
  });
}

test("every signed-in page in both languages: navigation, one source selector, thumb-sized controls", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const phone = testInfo.project.name === "phone";
  const sp = spotifyUser();
  await signIn(page, await registerUser(page));
  await importHistory(page);
  await fakes().spotify.setSavedTracks(sp, [
    { trackId: sid("Trk", 2), addedAt: Date.now() - 5 * 86_400_000 },
    { trackId: sid("Trk", 3), addedAt: Date.now() - 40 * 86_400_000 },
  ]);
  await fakes().spotify.setPlayer(sp, { trackId: sid("Trk", 1), progressMs: 30_000 });
  await connectSpotify(page, sp);
  await expect
    .poll(async () => (await (await page.request.get("/api/likes")).json()).items.length, { timeout: 45_000 })
    .toBe(2);
  const top = await (await page.request.get("/api/stats/top?kind=tracks&range=all")).json();
  const artists = await (await page.request.get("/api/stats/top?kind=artists&range=all")).json();
  const pages = {
    dashboard: "/dashboard",
    activity: "/activity",
    history: "/history",
    likes: "/likes",
    "for-you": "/for-you",
    settings: "/settings",
    track: `/track/${top.items[0].id}`,
    artist: `/artist/${artists.items[0].id}`,
  };

  // The dashboard has exactly one source selector, and now playing follows it.
  const card = page.locator("section[aria-labelledby=now-playing-title]");
  await page.goto("/dashboard");
  await expect(page.locator("fieldset")).toHaveCount(1);
  // A phone picks the source from a 44 px menu beside the range (the pills wrapped to three rows there);
  // a mouse gets compact pills.
  const sourceMenu = page.getByRole("combobox", { name: "Source", exact: true });
  const chooseSource = (value: "yandex" | "spotify", name: string) =>
    phone ? sourceMenu.selectOption(value) : page.getByRole("button", { name, exact: true }).click();
  const control = phone ? sourceMenu : page.getByRole("button", { name: "All sources" });
  const box = await control.boundingBox();
  if (phone) expect(box?.height).toBeGreaterThanOrEqual(44);
  else expect(box?.height).toBeLessThan(44);
  await expect(card).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
  await chooseSource("yandex", "Yandex Music");
  await expect(page).toHaveURL(/source=yandex/);
  await expect(card).toHaveAttribute("data-status", "not_connected");
  await expect(card.getByRole("link", { name: /Yandex Music/ })).toHaveAttribute("href", "/yandex/connect");
  await chooseSource("spotify", "Spotify");
  await expect(card).toHaveAttribute("data-status", "ok");

  // Likes and For you are in the navigation: the sidebar lists them, the phone folds them under "More".
  const nav = page.getByRole("navigation", { name: "Menu" }).locator("visible=true");
  if (phone) {
    await expect(nav.getByRole("link", { name: "Likes" })).toBeVisible();
    const more = nav.getByRole("button", { name: "More" });
    await more.click();
    await expect(more).toHaveAttribute("aria-expanded", "true");
    await snapScreen(page, testInfo, "nav-more-open");
    expect(await smallTargets(page)).toEqual([]);
    await nav.getByRole("link", { name: "For you" }).click();
    await page.waitForURL("**/for-you");
    await expect(more).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("For you");
  } else {
    await nav.getByRole("link", { name: "Likes" }).click();
    await page.waitForURL("**/likes");
    await expect(nav.getByRole("link", { name: "Likes" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "For you" })).toBeVisible();
  }

  for (const locale of ["en", "ru"] as const) {
    await setLocale(page, locale);
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      // Widgets load after the first paint: wait until no loading skeleton is left.
      await expect(page.locator("main [role=status][aria-label]")).toHaveCount(0, { timeout: 15_000 });
      await snapScreen(page, testInfo, `${name}-${locale}`);
      if (phone) expect(await smallTargets(page), `${path} (${locale})`).toEqual([]);
    }
  }
});

/** Moves this user's Spotify consent back in time: the UI cannot, and waiting 6 months is not an option. */
async function consentGivenDaysAgo(username: string, days: number): Promise<void> {
  const sql = postgres(readFileSync(e2eDatabaseUrlFile(), "utf8"), { max: 1, onnotice: () => {} });
  try {
    await sql`update connections set consent_at = now() - make_interval(days => ${days})
      where provider = 'spotify' and user_id = (select id from users where username = ${username})`;
  } finally {
    await sql.end();
  }
}

test("Spotify's 6-month consent: Settings and now playing warn a week ahead", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const sp = spotifyUser();
  const username = await registerUser(page);
  await signIn(page, username);
  await fakes().spotify.setPlayer(sp, { trackId: sid("Trk", 3), progressMs: 10_000 });
  await connectSpotify(page, sp);
  await consentGivenDaysAgo(username, 175);
  for (const locale of ["en", "ru"] as const) {
    await setLocale(page, locale);
    await page.goto("/settings");
    const warning = page.getByTestId("reconsent-spotify");
    await expect(warning).toContainText(locale === "en" ? "Access ends in 7 days" : "через 7 дней");
    await expect(warning.getByRole("link")).toHaveAttribute("href", "/spotify/connect");
    await warning.scrollIntoViewIfNeeded();
    await snapScreen(page, testInfo, `settings-reconsent-${locale}`);
    await page.goto("/dashboard");
    await expect(page.getByTestId("reconsent-spotify")).toBeVisible({ timeout: 20_000 });
    await snapScreen(page, testInfo, `dashboard-reconsent-${locale}`);
  }
  // Reconnecting is the new consent: the warning goes.
  await connectSpotify(page, sp);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("reconsent-spotify")).toHaveCount(0);
});

test("admin pages keep 44 px touch targets on a phone, in both languages", async ({ page }, testInfo) => {
  // Twelve admin pages with full-page phone screenshots: minutes on a busy 2-core machine.
  test.setTimeout(360_000);
  // Something in every list: a listener with a Spotify connection and a few imported plays (tracks, listens,
  // users, connections).
  const listener = await page.context().browser()?.newPage();
  if (listener) {
    await signIn(listener, await registerUser(listener));
    await connectSpotify(listener, spotifyUser());
    await importScrobbles(listener, [
      `${Math.floor(Date.now() / 1000) - 600},x,Admin Band,,Album,,Admin Song,`,
    ]);
    await listener.close();
  }
  await signIn(page, E2E_ADMIN);
  for (const locale of ["en", "ru"] as const) {
    await setLocale(page, locale);
    for (const section of ["users", "tracks", "activity", "jobs", "audit", "settings"]) {
      await page.goto(`/admin/${section}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator("main [role=status][aria-label]")).toHaveCount(0, { timeout: 15_000 });
      // Every list has its first answer (a list still loading is busy).
      await expect(page.locator("main [role=status][aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });
      await snap(page, testInfo, `admin-${section}-${locale}`);
      if (testInfo.project.name === "phone") {
        expect(await smallTargets(page), `/admin/${section} (${locale})`).toEqual([]);
      }
    }
  }
});
