import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { sid } from "@/test/fakes/spotify";
import { fakes } from "./fakes";
import { registerUser, signIn, snap } from "./helpers";
import { connectSpotify } from "./spotify-steps";

// The provider flows in a real browser against the fakes (test/fakes), which follow the real contracts.
const card = (page: Page) => page.locator("section[aria-labelledby=now-playing-title]");

test("Spotify: consent → now playing moves → paused → revoked token asks to reconnect", async ({
  page,
}, testInfo) => {
  // Two OAuth round trips and four states, each waited for up to 20 s: more than the default minute on a
  // busy machine.
  test.setTimeout(120_000);
  const { spotify } = fakes();
  const spotifyUser = `sp_${randomBytes(4).toString("hex")}`;
  await signIn(page, await registerUser(page));
  await spotify.setPlayer(spotifyUser, { trackId: sid("Trk", 1), progressMs: 60_000, isPlaying: true });

  await connectSpotify(page, spotifyUser);
  await expect(card(page)).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
  const bar = card(page).getByRole("progressbar");
  const before = Number(await bar.getAttribute("aria-valuenow"));
  await page.waitForTimeout(2_000);
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(before);
  await snap(page, testInfo, "now-playing-playing");

  await spotify.setPlayer(spotifyUser, { trackId: sid("Trk", 1), progressMs: 90_000, isPlaying: false });
  await page.reload();
  await expect(card(page)).toHaveAttribute("data-status", "paused", { timeout: 20_000 });
  await snap(page, testInfo, "now-playing-paused");

  await spotify.revokeRefreshTokens(spotifyUser);
  await spotify.expireAccessTokens(spotifyUser);
  await page.reload();
  await expect(card(page)).toHaveAttribute("data-status", "auth_error", { timeout: 20_000 });
  await expect(card(page).getByRole("link", { name: /Spotify/ })).toHaveAttribute("href", "/spotify/connect");
  await snap(page, testInfo, "now-playing-reauth");

  // Reconnecting restores the card.
  await spotify.setPlayer(spotifyUser, { trackId: sid("Trk", 2), progressMs: 10_000, isPlaying: true });
  await connectSpotify(page, spotifyUser);
  await expect(card(page)).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
});

test("Spotify: denying consent and a forged state both end on a readable message", async ({
  page,
}, testInfo) => {
  await signIn(page, await registerUser(page));
  await connectSpotify(page, `sp_${randomBytes(4).toString("hex")}`, "Cancel");
  await expect(page.getByText(/cancelled on Spotify/)).toBeVisible();
  await snap(page, testInfo, "spotify-denied");

  await page.goto("/spotify/callback?code=stolen&state=forged-state");
  await expect(page).toHaveURL(/\/settings\?spotify=/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const services = await page.request.get("/api/user/services");
  expect((await services.json()).services).toEqual([]);
});

test("Yandex: an invalid token is refused, a valid one connects", async ({ page }, testInfo) => {
  const { yandex } = fakes();
  const token = `y0_${randomBytes(12).toString("hex")}`;
  await yandex.addAccount({ token, uid: Math.floor(Math.random() * 1e9) });
  await signIn(page, await registerUser(page));

  await page.goto("/yandex/connect");
  await page.locator("#token").fill("y0_not-a-real-token");
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("#token-error")).toBeVisible();
  await snap(page, testInfo, "yandex-invalid");

  await page.locator("#token").fill(token);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL("**/dashboard");
  const services = await page.request.get("/api/user/services");
  expect((await services.json()).services).toEqual(["yandex"]);
  // The token never comes back to the browser.
  await page.goto("/yandex/connect");
  expect(await page.content()).not.toContain(token);
});
