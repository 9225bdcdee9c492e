import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { registerUser, seedUser, signIn } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

/**
 * "Custom period…" on the stats pages (kept in the address, validated, compared with the period before and a
 * year earlier) and the recap's month picker: a desktop in English, a 360 px phone in Russian.
 */
const TZ = "America/New_York";
const TEXT = {
  ru: {
    range: "Период",
    from: "С",
    to: "По",
    order: "Дата окончания раньше даты начала.",
    future: "Дата окончания в будущем",
    vsBefore: "к периоду до этого",
    yearAgo: "к году ранее",
    month: "Месяц",
    march: "март",
    emptyMonth: "прослушиваний нет",
  },
  en: {
    range: "Range",
    from: "From",
    to: "To",
    order: "The end date is before the start date.",
    future: "The end date is in the future",
    vsBefore: "vs the period before",
    yearAgo: "vs a year earlier",
    month: "Month",
    march: "March",
    emptyMonth: "No listens in",
  },
} as const;

const shift = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

async function checkLayout(page: Page, testInfo: TestInfo, name: string, locale: "ru" | "en") {
  await expect(page.locator("main .animate-pulse")).toHaveCount(0, { timeout: 20_000 });
  await page.screenshot({
    path: testInfo.outputPath(`${name}-${testInfo.project.name}.png`),
    fullPage: true,
  });
  const touch = testInfo.project.name === "phone";
  const a = await audit(page, { touch, locale });
  expect.soft(a.overflow, `${name}: horizontal overflow`).toEqual([]);
  expect.soft(a.clipped, `${name}: text clipped`).toEqual([]);
  expect.soft(a.language, `${name}: words of the other language`).toEqual([]);
  if (touch) expect.soft(a.targets, `${name}: touch targets under 44 px`).toEqual([]);
}

for (const locale of ["ru", "en"] as const) {
  test.describe(`range in ${locale}`, () => {
    test.use({ timezoneId: TZ, locale: locale === "ru" ? "ru-RU" : "en-US" });
    test(`custom period and a recap month (${locale})`, async ({ page }, testInfo) => {
      const phone = testInfo.project.name === "phone";
      test.skip(phone !== (locale === "ru"), "Russian on the phone, English on the desktop");
      test.setTimeout(240_000);
      if (phone) await page.setViewportSize({ width: 360, height: 780 });
      await run(page, testInfo, locale);
    });
  });
}

async function run(page: Page, testInfo: TestInfo, locale: "ru" | "en") {
  const t = TEXT[locale];
  const username = await registerUser(page);
  await seedUser(username, { timeZone: TZ, listens: 1500, years: 2, seed: "range" });
  await signIn(page, username);
  await setLocale(page, locale);
  await page.goto("/dashboard");

  // Picking "Custom period…" opens on the days that were on screen (the last 30), in the address.
  await page.getByRole("combobox", { name: t.range }).selectOption("custom");
  const from = page.getByLabel(t.from, { exact: true });
  const to = page.getByLabel(t.to, { exact: true });
  // Today in the user's zone, as the app sees it.
  const end = await to.inputValue();
  expect(end).toBe(new Date().toLocaleDateString("sv-SE", { timeZone: TZ }));
  await page.waitForURL(`**/dashboard?from=${shift(end, -29)}&to=${end}`);
  await expect(from).toHaveValue(shift(end, -29));

  // A valid period goes to the address; every overview card compares it with the period before and a year earlier.
  const [a, b] = [shift(end, -60), shift(end, -31)];
  await from.fill(a);
  await to.fill(b);
  await page.waitForURL(`**/dashboard?from=${a}&to=${b}`);
  const cards = page.getByTestId("overview-card");
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    await expect(card).toContainText(t.vsBefore);
    await expect(card).toContainText(t.yearAgo);
    await expect(card).toContainText(/[▲▼—]/);
  }

  // Invalid periods say why and leave the address (and the numbers) alone.
  await to.fill(shift(a, -1));
  await expect(page.locator("main").getByRole("alert")).toHaveText(t.order);
  await to.fill(shift(end, 1));
  await expect(page.locator("main").getByRole("alert")).toContainText(t.future);
  expect(new URL(page.url()).search).toBe(`?from=${a}&to=${b}`);
  await checkLayout(page, testInfo, "range-invalid", locale);

  // A reload keeps the period.
  await page.reload();
  await expect(page.getByLabel(t.from, { exact: true })).toHaveValue(a);
  await expect(page.getByLabel(t.to, { exact: true })).toHaveValue(b);
  await expect(page.getByRole("combobox", { name: t.range })).toHaveValue("custom");
  await checkLayout(page, testInfo, "range-dashboard", locale);

  // The same address works on the other pages with the filter bar; a preset range drops the period.
  for (const path of ["/activity", "/history", "/top/artists"]) {
    await page.goto(`${path}?from=${a}&to=${b}`);
    await expect(page.getByLabel(t.from, { exact: true })).toHaveValue(a);
    await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
  }
  await page.getByRole("combobox", { name: t.range }).selectOption("7d");
  await page.waitForURL((u) => u.searchParams.get("range") === "7d" && !u.searchParams.has("from"));
  await expect(page.getByLabel(t.from, { exact: true })).toHaveCount(0);

  // The recap of one month, picked on the recap page.
  const year = Number(end.slice(0, 4));
  await page.goto(`/recap/${year}`);
  await page.getByRole("combobox", { name: t.month }).selectOption("3");
  await page.waitForURL(`**/recap/${year}?month=3`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(t.march);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(String(year));
  await expect(page.getByTestId("recap-months")).toHaveCount(0);
  await expect(page.getByTestId("recap-top-artists").locator("li").first()).toBeVisible();
  await checkLayout(page, testInfo, "recap-month", locale);

  // A month without listens is a friendly empty state with the way to the whole year.
  await page.goto(`/recap/${year - 5}?month=3`);
  await expect(page.getByTestId("recap-empty")).toContainText(t.emptyMonth);
  await expect(page.getByTestId("recap-empty").getByRole("link")).toHaveAttribute(
    "href",
    `/recap/${year - 5}`,
  );
  await checkLayout(page, testInfo, "recap-month-empty", locale);
}
