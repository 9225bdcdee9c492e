import { expect, type Page, test } from "@playwright/test";
import { registerUser, signIn, snap } from "./helpers";
import { connectSpotify, setLocale, spotifyUser } from "./spotify-steps";
import { audit } from "./visual-audit";

// Issue 18: the Settings card that makes tokens for players scrobbling to /1/, at 360 px in both languages.
for (const locale of ["en", "ru"] as const) {
  test(`Settings: create, see once, and revoke a scrobbling token (${locale})`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const username = await registerUser(page);
    await signIn(page, username);
    await setLocale(page, locale);
    await page.goto("/settings");
    const card = page.locator("section[aria-labelledby=scrobble-title]");
    await expect(card.getByTestId("scrobble-url")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/1\/$/);
    await card.locator("input[name=name]").fill("Navidrome");
    await card.getByRole("button", { name: /Create token|Создать токен/ }).click();
    const token = (await card.getByTestId("scrobble-token").textContent()) ?? "";
    expect(token).toMatch(/^mt_[\w-]{40,}$/);

    // The token works against the API at the URL shown.
    const check = await page.request.get("/1/validate-token", {
      headers: { authorization: `Token ${token}` },
    });
    expect(await check.json()).toMatchObject({ valid: true, user_name: username });

    const touch = testInfo.project.name === "phone";
    const a = await audit(page, { touch, locale });
    expect.soft(a.overflow, "horizontal overflow").toEqual([]);
    expect.soft(a.clipped, "text clipped").toEqual([]);
    if (touch) expect.soft(a.targets, "touch targets under 44 px").toEqual([]);
    expect.soft(a.language, "words of the other language").toEqual([]);
    await snap(page, testInfo, `settings-scrobble-${locale}`);

    // Shown once: a reload lists the name, never the token.
    await page.reload();
    await expect(card.getByText("Navidrome", { exact: true })).toBeVisible();
    await expect(page.getByText(token)).toHaveCount(0);
    await card.getByRole("button", { name: /Revoke token Navidrome|Отозвать токен Navidrome/ }).click();
    await expect(card.getByText(/No tokens yet|Токенов пока нет/)).toBeVisible();
    const revoked = await page.request.get("/1/validate-token", {
      headers: { authorization: `Token ${token}` },
    });
    expect(await revoked.json()).toMatchObject({ valid: false });
  });
}

/** A player named `client` tells /1/submit-listens what it plays, with a token of its own. */
async function reportPlaying(page: Page, client: string, artist: string, title: string) {
  const created = await page.request.post("/api/tokens", { data: { name: client } });
  const { token } = (await created.json()) as { token: string };
  const sent = await page.request.post("/1/submit-listens", {
    headers: { authorization: `Token ${token}` },
    data: {
      listen_type: "playing_now",
      payload: [
        {
          track_metadata: {
            artist_name: artist,
            track_name: title,
            additional_info: { submission_client: client, duration_ms: 240_000 },
          },
        },
      ],
    },
  });
  expect(sent.status()).toBe(200);
}

test("Dashboard: a player's playing_now shows in Now playing while Spotify plays nothing", async ({
  page,
}) => {
  const username = await registerUser(page);
  await signIn(page, username);
  await connectSpotify(page, spotifyUser());
  await reportPlaying(page, "Navidrome", "Dool", "Sulphur & Starlight");
  await page.goto("/dashboard");
  const track = page.getByTestId("now-playing-track");
  await expect(track).toContainText("Sulphur & Starlight");
  await expect(track).toContainText("Navidrome");
});

test("Dashboard: with no service connected, Now playing appears only while a player reports one (ru, 360 px)", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const username = await registerUser(page);
  await signIn(page, username);
  await setLocale(page, "ru");
  await page.goto("/dashboard");
  await expect(page.locator("#now-playing-title")).toHaveCount(0);

  await reportPlaying(page, "Jellyfin", "Аквариум", "Город золотой");
  await page.reload();
  const track = page.getByTestId("now-playing-track");
  await expect(track).toContainText("Город золотой");
  await expect(track).toContainText("Jellyfin");
  const a = await audit(page, { touch: testInfo.project.name === "phone", locale: "ru" });
  expect.soft(a.overflow, "horizontal overflow").toEqual([]);
  expect.soft(a.clipped, "text clipped").toEqual([]);
  expect.soft(a.language, "words of the other language").toEqual([]);
  await snap(page, testInfo, "dashboard-player-only-ru");
});
