import { writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { importScrobbles, registerUser, signIn, snap } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

// Issue 19: a share link made in Settings (Russian), opened signed out in a fresh browser, then revoked.
test("Share links: create in Settings, open signed out with a preview, revoke", async ({
  page,
  browser,
}, testInfo) => {
  // An import, two browsers and a PNG: past the default minute on a busy machine.
  test.setTimeout(120_000);
  const touch = testInfo.project.name === "phone";
  if (touch) await page.setViewportSize({ width: 360, height: 800 });
  const username = await registerUser(page);
  await signIn(page, username);
  await setLocale(page, "ru");
  const may2025 = Date.UTC(2025, 4, 1, 12) / 1000;
  await importScrobbles(page, [
    `${may2025},x,Кино,,Группа крови,,Кукушка,`,
    `${may2025 + 600},x,Кино,,Группа крови,,Звезда по имени Солнце,`,
    `${may2025 + 1200},x,Земфира,,Вендетта,,Блюз,`,
  ]);

  await page.goto("/settings");
  const card = page.locator("section[aria-labelledby=share-links-title]");
  await card.locator("input[name=displayName]").fill("Анна");
  await card.locator("input[name=top]").check();
  await card.locator("input[name=recap]").check();
  await card.locator("select[name=year]").selectOption("2025");
  await card.getByRole("button", { name: "Создать ссылку" }).click();
  const url = (await card.getByTestId("share-link-url").textContent()) ?? "";
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{40,}$/);
  await expect(card.getByTestId("share-links-list")).toContainText("Анна");
  await expect(card.getByTestId("share-links-list")).toContainText("итоги 2025 года");
  const settings = await audit(page, { touch, locale: "ru" });
  expect.soft(settings.overflow, "horizontal overflow").toEqual([]);
  expect.soft(settings.clipped, "text clipped").toEqual([]);
  if (touch) expect.soft(settings.targets, "touch targets under 44 px").toEqual([]);
  expect.soft(settings.language, "words of the other language").toEqual([]);
  await snap(page, testInfo, "settings-share-links-ru");
  await card.screenshot({ path: testInfo.outputPath(`settings-share-card-${testInfo.project.name}.png`) });

  // A stranger: new context, no cookies, a Russian browser.
  const stranger = await browser.newContext({
    locale: "ru-RU",
    viewport: page.viewportSize(),
    isMobile: touch,
    hasTouch: touch,
  });
  const anon = await stranger.newPage();
  const opened = await anon.goto(url);
  expect(opened?.status()).toBe(200);
  await expect(anon.getByTestId("share-title")).toHaveText("Музыка: Анна");
  await expect(anon.getByTestId("share-profile")).toBeVisible();
  await expect(anon.getByTestId("share-top")).toContainText("Кино");
  await expect(anon.getByTestId("share-recap")).toContainText("2025 год в музыке");
  await expect(anon.locator("body")).not.toContainText(username);
  const image = await anon.locator('meta[property="og:image"]').getAttribute("content");
  expect(image).toMatch(/\/s\/[\w-]+\/og\?lang=ru$/);
  await expect(anon.locator('meta[property="og:title"]')).toHaveAttribute("content", "Музыка: Анна");
  const png = await anon.request.get(image ?? "");
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");
  const ogPath = testInfo.outputPath(`share-og-${testInfo.project.name}.png`);
  await writeFile(ogPath, await png.body());
  await testInfo.attach("share-og", { path: ogPath, contentType: "image/png" });
  const shared = await audit(anon, { touch, locale: "ru" });
  expect.soft(shared.overflow, "horizontal overflow").toEqual([]);
  expect.soft(shared.clipped, "text clipped").toEqual([]);
  if (touch) expect.soft(shared.targets, "touch targets under 44 px").toEqual([]);
  expect.soft(shared.language, "words of the other language").toEqual([]);
  await snap(anon, testInfo, "share-page-ru");

  // Revoke (with a confirmation): the link now opens the same 404 as any unknown one.
  await card.getByRole("button", { name: "Отозвать ссылку «Анна»" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Отозвать" }).click();
  await expect(card.getByText("Активных ссылок нет.")).toBeVisible();
  const gone = await anon.goto(url);
  expect(gone?.status()).toBe(404);
  await expect(anon.getByRole("heading", { name: "Ссылка не открывается" })).toBeVisible();
  expect((await anon.request.get(image ?? "")).status()).toBe(404);
  await snap(anon, testInfo, "share-revoked-ru");
  await stranger.close();
});
