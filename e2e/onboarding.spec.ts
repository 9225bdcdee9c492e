import { devices, expect, type Page, test } from "@playwright/test";
import { importScrobbles, registerUser, signIn, snap } from "./helpers";
import { connectSpotify, setLocale, spotifyUser } from "./spotify-steps";

const checklist = (page: Page) => page.locator("section[aria-labelledby=onboarding-title]");
const step = (page: Page, name: string) => checklist(page).locator(`li[data-step=${name}]`);

test("a new user's checklist ticks each step from what they did, and is gone once all are done", async ({
  page,
}, testInfo) => {
  const username = await registerUser(page);
  await signIn(page, username);
  await setLocale(page, "ru");
  await page.goto("/dashboard");
  await expect(checklist(page).getByRole("heading")).toHaveText("С чего начать");
  await expect(checklist(page)).toContainText("Сделано 0 из 4");
  await snap(page, testInfo, "onboarding-new-ru");
  // Until a first import finishes, the import page opens on the way to Spotify's full history.
  await page.goto("/import");
  const guide = page.locator("details", { hasText: "Как получить всю историю Spotify" });
  await expect(guide).toHaveAttribute("open", "");
  await expect(guide.locator("li")).toHaveCount(5);
  await expect(guide).toContainText("30 дней");
  await snap(page, testInfo, "import-guide-ru");

  await importScrobbles(page, [`${Math.floor(Date.now() / 1000) - 900},x,Кино,,Группа крови,,Кукушка,`]);
  await connectSpotify(page, spotifyUser());
  await page.goto("/import");
  await expect(guide).not.toHaveAttribute("open", "");
  await page.goto("/dashboard");
  await expect(step(page, "connect")).toHaveAttribute("data-done", "true");
  await expect(step(page, "import")).toHaveAttribute("data-done", "true");
  await expect(step(page, "timeZone")).toHaveAttribute("data-done", "false");
  await step(page, "timeZone").getByRole("button", { name: "Всё верно" }).click();
  await expect(step(page, "timeZone")).toHaveAttribute("data-done", "true");
  await expect(checklist(page)).toContainText("Сделано 3 из 4");
  await snap(page, testInfo, "onboarding-three-ru");

  // Opened from the home screen (display-mode: standalone): the last step ticks and the list goes away.
  await page.addInitScript(() => {
    const real = window.matchMedia.bind(window);
    window.matchMedia = (q: string) =>
      q.includes("display-mode: standalone")
        ? ({ ...real(q), matches: true, media: q } as MediaQueryList)
        : real(q);
  });
  await page.reload();
  await expect(checklist(page)).toHaveCount(0);
  // The server keeps it: an ordinary browser tab (no init script) no longer shows the list either.
  const tab = await page.context().newPage();
  await tab.goto("/dashboard");
  await expect(tab.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(checklist(tab)).toHaveCount(0);
});

test("hiding the checklist keeps it hidden, and the empty dashboard invites to connect", async ({ page }) => {
  const username = await registerUser(page);
  await signIn(page, username);
  await setLocale(page, "en");
  await page.goto("/dashboard");
  await expect(checklist(page)).toContainText("0 of 4 done");
  // A browser tab is no installed app.
  await expect(step(page, "install")).toHaveAttribute("data-done", "false");
  await checklist(page).getByRole("button", { name: "Hide the getting-started list" }).click();
  await expect(checklist(page)).toHaveCount(0);
  await expect(page.locator("#connect-title")).toBeVisible();
  await page.reload();
  await expect(page.locator("#connect-title")).toBeVisible();
  await expect(checklist(page)).toHaveCount(0);
});

test("on an iPhone, the install step shows how to add the app to the home screen", async ({
  browser,
}, testInfo) => {
  // Safari has no install prompt: the step's button opens the how-to instead.
  const { userAgent, viewport, deviceScaleFactor, hasTouch } = devices["iPhone 13"];
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    userAgent,
    viewport,
    deviceScaleFactor,
    hasTouch,
  });
  const page = await context.newPage();
  try {
    const username = await registerUser(page);
    await signIn(page, username);
    await setLocale(page, "en");
    await page.goto("/dashboard");
    await step(page, "install").getByRole("button", { name: "Install", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Install on iPhone or iPad" })).toBeVisible();
    await snap(page, testInfo, "onboarding-install-ios");
  } finally {
    await context.close();
  }
});
