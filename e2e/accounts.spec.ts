import { expect, test } from "@playwright/test";
import { PASSWORD, registerUser, signIn, snap, uniqueUser } from "./helpers";

test("register (signed in at once) → empty dashboard → switch language → sign out", async ({
  page,
}, testInfo) => {
  const username = uniqueUser("flow");
  await page.goto("/");
  await snap(page, testInfo, "landing");
  await page.goto("/register");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(PASSWORD);
  await page.locator("#password2").fill(PASSWORD);
  await snap(page, testInfo, "register");
  await page.locator("form button[type=submit]").click();
  // A new account is signed in: no second trip through the sign-in form.
  await page.waitForURL("**/dashboard");
  // A newcomer's dashboard opens on the first-run checklist (connect, import, time zone, install).
  await expect(page.locator("#onboarding-title")).toBeVisible();
  await expect(page.getByRole("link", { name: /Spotify/ }).first()).toBeVisible();
  await snap(page, testInfo, "dashboard-empty");

  await page.goto("/settings");
  await page.locator("#locale").selectOption("ru");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Настройки");
  await page.goto("/dashboard");
  await expect(page.locator("#onboarding-title")).toHaveText("С чего начать");
  await snap(page, testInfo, "dashboard-empty-ru");

  await page.getByRole("button", { name: "Выйти" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard/);
});

test("wrong password shows a readable error", async ({ page }, testInfo) => {
  const username = await registerUser(page);
  await page.goto("/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill("Not-The-Password-9");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("form [role=alert]")).toHaveText(
    /Wrong username or password|Неверный логин или пароль/,
  );
  await snap(page, testInfo, "login-error");
});

test("weak passwords are refused with the failing rule", async ({ page }, testInfo) => {
  await page.goto("/register");
  const username = uniqueUser("weak");
  await page.locator("#username").fill(username);
  for (const [pw, message] of [
    ["12345678901", /entirely numeric|только из цифр/],
    ["password1", /too common|распространён/],
    [`${username}!!`, /too similar|похож/],
  ] as const) {
    await page.locator("#password").fill(pw);
    await page.locator("#password2").fill(pw);
    await page.locator("form button[type=submit]").click();
    await expect(page.locator("#password-error")).toHaveText(message);
  }
  await snap(page, testInfo, "register-weak");
});

test("registration shows every problem of the form at once", async ({ page }, testInfo) => {
  await page.goto("/register");
  await page.locator("#username").fill("a");
  await page.locator("#password").fill("1234");
  await page.locator("#password2").fill("12345");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("#username-error")).toHaveText(/at least 3|не короче 3/);
  // Every rule "1234" breaks, each on its own line (too short, only digits, and a common one).
  await expect(page.locator("#password-error li").first()).toHaveText(/at least 8|не менее 8/);
  await expect(page.locator("#password-error")).toContainText(/entirely numeric|только из цифр/);
  await expect(page.locator("#password2-error")).toHaveText(/do not match|не совпадают/);
  await snap(page, testInfo, "register-all-errors");
});

test("anonymous visitors are sent to sign in, and the API answers 401 JSON", async ({ page, request }) => {
  await page.goto("/history");
  await expect(page).toHaveURL(/\/login\?next=%2Fhistory/);
  const res = await request.get("/api/user/services");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ status: "error", message: "Authentication required" });
});

test("signed-in pages render the app shell", async ({ page }, testInfo) => {
  const username = await registerUser(page);
  await signIn(page, username);
  for (const path of ["/history", "/activity", "/import", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await snap(page, testInfo, path.slice(1));
  }
});
