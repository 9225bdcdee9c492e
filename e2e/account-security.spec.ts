import { expect, test } from "@playwright/test";
import { PASSWORD, registerUser, signIn, snap } from "./helpers";

// Issue 16: self-service in Settings, in a real browser under the nonce-based CSP (a page whose scripts
// were blocked would not hydrate, and these forms would never submit).
test("Settings: change password, then delete the account after the export is offered", async ({
  page,
}, testInfo) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /script-src|Refused to execute inline script/i.test(m.text()))
      errors.push(m.text());
  });
  const username = await registerUser(page);
  await signIn(page, username);
  await page.goto("/settings");
  await expect(page.locator("#security-title")).toBeVisible();
  await snap(page, testInfo, "settings-security");

  await page.locator("#currentPassword").fill("Not-The-Password-9");
  await page.locator("#newPassword").fill("Fresh-Melody-42");
  await page.locator("#newPassword2").fill("Fresh-Melody-42");
  await page.getByRole("button", { name: /Change password|Сменить пароль/ }).click();
  await expect(page.locator("form p[role=alert]")).toHaveText(
    /current password is wrong|Текущий пароль неверен/,
  );

  await page.locator("#currentPassword").fill(PASSWORD);
  await page.getByRole("button", { name: /Change password|Сменить пароль/ }).click();
  await page.waitForURL("**/login?passwordChanged=1");
  await signIn(page, username, "Fresh-Melody-42");

  await page.goto("/settings");
  await expect(page.getByRole("link", { name: /Download my history|Скачать мою историю/ })).toHaveAttribute(
    "href",
    "/api/export?format=json",
  );
  await page.locator("#confirm").fill(username);
  await page.locator("#deletePassword").fill("Fresh-Melody-42");
  await page.getByRole("button", { name: /Delete my account and all my data|Удалить аккаунт/ }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=/);
  expect(errors).toEqual([]);
});
