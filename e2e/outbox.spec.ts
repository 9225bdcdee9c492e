import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fakes } from "./fakes";
import { registerUser, signIn, snap } from "./helpers";
import { setLocale } from "./spotify-steps";
import { audit } from "./visual-audit";

// Issue 18 (outbox): connect ListenBrainz by token and Last.fm by its web auth, at 360 px, in both languages.
for (const locale of ["ru", "en"] as const) {
  test(`Settings: forward to ListenBrainz and Last.fm (${locale})`, async ({ page }, testInfo) => {
    // The phone project at 360 px (the narrowest phone we support); desktop at its own width.
    if (testInfo.project.name === "phone") await page.setViewportSize({ width: 360, height: 800 });
    const username = await registerUser(page);
    await signIn(page, username);
    await setLocale(page, locale);
    await page.goto("/settings");
    const card = page.locator("section[aria-labelledby=outbox-title]");
    await expect(card).toBeVisible();

    // A wrong token is refused with the reason; ListenBrainz's own token is checked, then kept.
    await card.locator("input[name=token]").fill("not-a-token");
    await card.getByRole("button", { name: /^(Connect|Подключить)$/ }).click();
    await expect(card.getByRole("alert")).toHaveText(/does not accept|не принимает/);
    const token = randomBytes(16).toString("hex");
    const lbName = `lb${randomBytes(3).toString("hex")}`;
    await fakes().listenbrainz.addUser(token, lbName);
    await card.locator("input[name=token]").fill(token);
    await card.getByRole("button", { name: /^(Connect|Подключить)$/ }).click();
    await expect(card.getByTestId("outbox-listenbrainz").getByText(lbName)).toBeVisible();
    await expect(page.getByText(token)).toHaveCount(0);

    // Last.fm: our redirect, its consent page, back to Settings with the session kept.
    const fmName = `fm${randomBytes(3).toString("hex")}`;
    await card.getByRole("link", { name: /Connect Last\.fm|Подключить Last\.fm/ }).click();
    await page.locator("input[name=fake_user]").fill(fmName);
    await page.locator("button[value=approve]").click();
    await page.waitForURL(/\/settings\?lastfm=connected/);
    await expect(card.getByTestId("outbox-lastfm").getByText(fmName)).toBeVisible();
    await card
      .getByTestId("outbox-listenbrainz")
      .getByRole("button", { name: /Send my earlier history|Отправить прежнюю историю/ })
      .click();

    const touch = testInfo.project.name === "phone";
    const a = await audit(page, { touch, locale });
    expect.soft(a.overflow, "horizontal overflow").toEqual([]);
    expect.soft(a.clipped, "text clipped").toEqual([]);
    if (touch) expect.soft(a.targets, "touch targets under 44 px").toEqual([]);
    expect.soft(a.language, "words of the other language").toEqual([]);
    await snap(page, testInfo, `settings-outbox-${locale}`);
  });
}
