import { expect, type Page, test } from "@playwright/test";
import { registerUser, signIn } from "./helpers";

// A phone with touch: the installable app is a phone feature (the desktop project skips these).
test.skip(({ isMobile }) => !isMobile, "phone project only");

type ManifestIcon = { src: string; sizes: string; type: string; purpose?: string };

/** Width and height from a PNG's IHDR chunk: proves the file really is the size the manifest claims. */
function pngSize(buf: Buffer): string {
  expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
  return `${buf.readUInt32BE(16)}x${buf.readUInt32BE(20)}`;
}

/** Waits until the service worker controls the page and has saved `path` for the signed-in person. */
async function waitUntilSaved(page: Page, path: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await expect
    .poll(
      () =>
        page.evaluate(async (p) => {
          const names = (await caches.keys()).filter((n) => n.startsWith("mt-user-"));
          for (const n of names) if (await (await caches.open(n)).match(p, { ignoreVary: true })) return true;
          return false;
        }, new URL(path, page.url()).href),
      { timeout: 30_000 },
    )
    .toBe(true);
}

async function userCacheNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith("mt-user-")));
}

test("the manifest is served, valid and bilingual, and every icon and screenshot loads", async ({
  page,
  request,
}) => {
  const res = await request.get("/manifest.webmanifest", { headers: { "Accept-Language": "en" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/manifest+json");
  const m = await res.json();
  expect(m).toMatchObject({
    short_name: "MusicTrace",
    start_url: "/dashboard",
    display: "standalone",
    lang: "en",
  });
  expect(m.name).toContain("MusicTrace");
  expect(m.description.length).toBeGreaterThan(20);
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.shortcuts.map((s: { url: string }) => s.url)).toEqual(["/dashboard", "/history", "/import"]);

  const icons: ManifestIcon[] = m.icons;
  for (const size of ["192x192", "512x512"]) {
    expect(icons.some((i) => i.sizes === size && i.purpose === "any")).toBe(true);
    expect(icons.some((i) => i.sizes === size && i.purpose === "maskable")).toBe(true);
  }
  const images: ManifestIcon[] = [...icons, ...m.screenshots];
  expect(m.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual(["narrow", "wide"]);
  for (const img of images) {
    const file = await request.get(img.src);
    expect(file.status(), img.src).toBe(200);
    expect(file.headers()["content-type"]).toBe(img.type);
    expect(pngSize(await file.body()), img.src).toBe(img.sizes);
  }

  const ru = await (
    await request.get("/manifest.webmanifest", { headers: { "Accept-Language": "ru" } })
  ).json();
  expect(ru.lang).toBe("ru");
  expect(ru.shortcuts[1].name).toBe("История");

  // The page links the manifest and carries what iOS reads instead of it.
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", /manifest\.webmanifest/);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    "href",
    "/icons/apple-touch-icon.png",
  );
  await expect(page.locator('meta[name="apple-mobile-web-app-title"]')).toHaveAttribute(
    "content",
    "MusicTrace",
  );
  const touch = await request.get("/icons/apple-touch-icon.png");
  expect(pngSize(await touch.body())).toBe("180x180");
});

test("the service worker registers and controls the page", async ({ page }) => {
  await signIn(page, await registerUser(page));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const scriptURL = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(new URL(scriptURL ?? "").pathname).toBe("/sw.js");
  // The app shell (offline page) was saved at install.
  expect(await page.evaluate(async () => !!(await caches.match("/offline")))).toBe(true);
});

test("offline, the dashboard reloads from the saved copy with an offline banner", async ({
  page,
  context,
}) => {
  const username = await registerUser(page);
  await signIn(page, username);
  await waitUntilSaved(page, "/dashboard");
  // An API read made while online is saved too.
  const online = await page.evaluate(() => fetch("/api/user/services").then((r) => r.json()));
  await waitUntilSaved(page, "/api/user/services");
  await expect(page.getByTestId("offline-banner")).toHaveCount(0);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("body")).toContainText(username);
  await expect(page.getByRole("navigation").last()).toBeVisible();
  await expect(page.getByTestId("offline-banner")).toHaveText(/Offline — showing data from \d{1,2}:\d{2}/);
  expect(await page.evaluate(() => fetch("/api/user/services").then((r) => r.json()))).toEqual(online);

  // A page never opened on this device gets the offline page instead of the browser's error.
  await page.goto("/import?never-opened=1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are offline");

  await context.setOffline(false);
  await page.goto("/dashboard");
  await expect(page.getByTestId("offline-banner")).toHaveCount(0);
});

test("the offline banner goes once the network answers the page again, even when its online event was missed", async ({
  page,
  context,
}) => {
  await signIn(page, await registerUser(page));
  await waitUntilSaved(page, "/dashboard");
  // As when a request fails just after the network returns: the page never hears "online".
  await page.addInitScript(() => {
    const add = window.addEventListener.bind(window);
    window.addEventListener = ((type: string, ...rest: [EventListener]) => {
      if (type !== "online") add(type, ...rest);
    }) as typeof window.addEventListener;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("offline-banner")).toHaveText(/Offline — showing data from/);
  await context.setOffline(false);
  await page.evaluate(() => fetch("/api/user/services"));
  await expect(page.getByTestId("offline-banner")).toHaveCount(0);
});

test("signing out deletes the saved data; another person never gets it", async ({ page, context }) => {
  const alice = await registerUser(page);
  await signIn(page, alice);
  await waitUntilSaved(page, "/dashboard");
  expect(await userCacheNames(page)).toHaveLength(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect.poll(() => userCacheNames(page)).toEqual([]);
  await context.setOffline(true);
  await page.goto("/dashboard");
  await expect(page.locator("body")).not.toContainText(alice);
  await context.setOffline(false);

  // Alice's session ends without the button (cookies gone); Bob signs in on the same phone.
  await signIn(page, alice);
  await waitUntilSaved(page, "/dashboard");
  const aliceCache = await userCacheNames(page);
  await context.clearCookies();
  const bob = await registerUser(page);
  await signIn(page, bob);
  await waitUntilSaved(page, "/dashboard");
  const bobCache = await userCacheNames(page);
  expect(bobCache).toHaveLength(1);
  expect(bobCache).not.toEqual(aliceCache);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("body")).toContainText(bob);
  await expect(page.locator("body")).not.toContainText(alice);
});

test("a new version waits and the page offers to reload into it", async ({ page }) => {
  await signIn(page, await registerUser(page));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const prompt = page.getByRole("status").filter({ hasText: "Update available" });
  await expect(prompt).toHaveCount(0);

  // A different script URL is a new version to the browser, as a deploy with a changed sw.js would be.
  await page.evaluate(() =>
    navigator.serviceWorker.register("/sw.js?v=e2e-next", { updateViaCache: "none" }),
  );
  await expect(prompt).toBeVisible({ timeout: 30_000 });
  const waiting = await page.evaluate(
    async () => !!(await navigator.serviceWorker.getRegistration())?.waiting,
  );
  expect(waiting).toBe(true);

  await prompt.getByRole("button", { name: "Reload" }).click();
  await page.waitForFunction(
    () => navigator.serviceWorker.controller?.scriptURL.includes("v=e2e-next"),
    null,
    {
      timeout: 30_000,
    },
  );
});

test("the menu offers installation when the browser does, and still fits 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await signIn(page, await registerUser(page));
  // The header's button (a new user's checklist on the dashboard offers the same prompt).
  const install = page.getByRole("banner").getByRole("button", { name: "Install" });
  await expect(install).toHaveCount(0);
  // What Chromium fires once the app is installable; the prompt is recorded instead of shown.
  await page.evaluate(() => {
    const e = new Event("beforeinstallprompt", { cancelable: true });
    Object.assign(e, {
      prompt: async () => {
        (window as unknown as { prompted: boolean }).prompted = true;
      },
      userChoice: Promise.resolve({ outcome: "accepted" }),
    });
    window.dispatchEvent(e);
  });
  await expect(install).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - 360)).toBeLessThanOrEqual(0);
  await install.click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted))
    .toBe(true);
  await expect(install).toHaveCount(0);
});

test.describe("on an iPhone", () => {
  test.use({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
  });
  test("the install button explains Add to Home Screen", async ({ page }) => {
    await signIn(page, await registerUser(page));
    await page.getByRole("banner").getByRole("button", { name: "Install" }).click();
    const dialog = page.getByRole("dialog", { name: "Install on iPhone or iPad" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Add to Home Screen");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
  });
});

test("every page fits a 360 px phone without sideways scrolling, with thumb-sized controls", async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const check = async (path: string) => {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    // Against the phone's width, not innerWidth: a mobile browser widens its layout viewport to fit overflow.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - 360);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    // The shell's own controls (header and bottom bar) must be at least 44 × 44 px.
    const small = await page.evaluate(
      () =>
        [...document.querySelectorAll("header a, header button, header select, nav a, nav button")]
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 1 && r.height > 1 && (r.width < 44 || r.height < 44)).length,
    );
    expect(small, `${path} has small touch targets`).toBe(0);
  };
  for (const path of ["/", "/login", "/register", "/offline"]) await check(path);
  await signIn(page, await registerUser(page));
  for (const path of ["/dashboard", "/history", "/activity", "/import", "/settings"]) await check(path);
});
