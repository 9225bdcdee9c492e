import { randomInt } from "node:crypto";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { type FakeTrack, sid } from "@/test/fakes/spotify-data";
import { fakes } from "./fakes";
import { registerUser, signIn, snapScreen } from "./helpers";
import { connectSpotify, getJsonOrNull, playAndFind, setLocale, spotifyUser } from "./spotify-steps";

// Tracks named as the LRCLIB fake's records (test/fakes/lrclib.ts), each under its own artist, album-less
// matching falls back to LRCLIB's search, so the fake Spotify's albums do not matter.
const n = () => randomInt(1e5, 9e5);
async function track(name: string, artist: string, seconds: number): Promise<FakeTrack> {
  const artistId = sid("Lar", n());
  await fakes().spotify.addArtist({ id: artistId, name: artist });
  const t = {
    id: sid("Lyr", n()),
    name,
    durationMs: seconds * 1000,
    artistIds: [artistId],
    albumId: sid("Alb", 1),
  };
  await fakes().spotify.addTrack(t);
  return t;
}

async function lyricsReady(page: Page, id: number, status: string): Promise<void> {
  await expect
    .poll(async () => (await getJsonOrNull<{ status: string }>(page, `/api/tracks/${id}/lyrics`))?.status, {
      timeout: 45_000,
      intervals: [1_000],
    })
    .toBe(status);
}

const panel = (page: Page) => page.locator("#lyrics");
const current = (page: Page) => panel(page).locator("li[aria-current=true]");

/** The lyrics panel in the middle of the screen (below the fold on a phone), then a screenshot. */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await panel(page).evaluate((el) => el.scrollIntoView({ block: "center" }));
  await snapScreen(page, testInfo, name);
}

test("synced lyrics follow the live Spotify position line by line", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const sp = spotifyUser();
  const song = await track("Example Song", "Example Artist", 201);
  await signIn(page, await registerUser(page));
  await fakes().spotify.setPlayer(sp, { trackId: song.id, progressMs: 0 });
  await connectSpotify(page, sp);
  const id = await playAndFind(page, sp, song);
  await lyricsReady(page, id, "found");

  // From the start again; a cached now-playing answer (3 s) must not carry the old position.
  await fakes().spotify.setPlayer(sp, { trackId: song.id, progressMs: 0 });
  await page.waitForTimeout(3_200);
  await page.goto(`/track/${id}`);
  await expect(panel(page).getByTestId("lyrics-live")).toHaveText("Live on Spotify", { timeout: 15_000 });
  await expect(panel(page).getByTestId("synced-lyrics")).toBeVisible();
  // [00:12.40] First line, [00:16.05] Second line: nothing is highlighted before the first line starts.
  await expect(current(page)).toHaveCount(0);
  await expect(current(page)).toHaveText("First line", { timeout: 15_000 });
  await shot(page, testInfo, "lyrics-synced-first");
  await expect(current(page)).toHaveText("Second line", { timeout: 8_000 });
  await expect(panel(page).getByText("Lyrics: LRCLIB")).toBeVisible();
  await shot(page, testInfo, "lyrics-synced-second");

  // Paused: the highlight holds and the badge says so.
  await fakes().spotify.setPlayer(sp, { trackId: song.id, progressMs: 14_000, isPlaying: false });
  await page.waitForTimeout(3_200);
  await setLocale(page, "ru");
  await page.reload();
  await expect(panel(page).getByTestId("lyrics-live")).toHaveText("На паузе в Spotify", { timeout: 15_000 });
  await expect(current(page)).toHaveText("First line");
  await page.waitForTimeout(2_500);
  await expect(current(page)).toHaveText("First line");
  await shot(page, testInfo, "lyrics-synced-paused-ru");
});

test("plain lyrics, instrumental and not found each get their own friendly state", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const sp = spotifyUser();
  const plain = await track("Plain Only", "Quiet Person", 180);
  const interlude = await track("Interlude", "Band Without Words", 95);
  const unknown = await track(`Nowhere ${n()}`, `Nobody Known ${n()}`, 150);
  const liked = await track("Example Song", "Example Artist", 201);
  await signIn(page, await registerUser(page));
  await fakes().spotify.setPlayer(sp, { trackId: plain.id, progressMs: 0 });
  // A liked track with synced lyrics that is not the one playing: its page shows them as plain text.
  await fakes().spotify.setSavedTracks(sp, [{ trackId: liked.id, addedAt: Date.now() - 86_400_000 }]);
  await connectSpotify(page, sp);
  let likedId = 0;
  await expect
    .poll(
      async () => {
        const likes = await getJsonOrNull<{ items: { track_id: number }[] }>(page, "/api/likes");
        likedId = likes?.items[0]?.track_id ?? 0;
        return likedId;
      },
      { timeout: 45_000, intervals: [1_000] },
    )
    .toBeGreaterThan(0);
  await lyricsReady(page, likedId, "found");
  await page.goto(`/track/${likedId}`);
  await expect(panel(page).getByText(/lines light up/)).toBeVisible();
  await expect(panel(page).locator("pre")).toContainText("Second line");
  await expect(panel(page).getByTestId("synced-lyrics")).toHaveCount(0);
  await shot(page, testInfo, "lyrics-synced-not-playing");

  const plainId = await playAndFind(page, sp, plain);
  await lyricsReady(page, plainId, "found");
  await page.goto(`/track/${plainId}`);
  await expect(panel(page).locator("[data-lyrics-status=found] pre")).toHaveText("Only words here");
  await expect(panel(page).getByTestId("synced-lyrics")).toHaveCount(0);
  await shot(page, testInfo, "lyrics-plain");

  const interludeId = await playAndFind(page, sp, interlude);
  await lyricsReady(page, interludeId, "instrumental");
  await page.goto(`/track/${interludeId}`);
  await expect(panel(page).getByText("Instrumental", { exact: true })).toBeVisible();
  await shot(page, testInfo, "lyrics-instrumental");
  await setLocale(page, "ru");
  await page.reload();
  await expect(panel(page).getByText("Инструментал", { exact: true })).toBeVisible();
  await shot(page, testInfo, "lyrics-instrumental-ru");

  const unknownId = await playAndFind(page, sp, unknown);
  await lyricsReady(page, unknownId, "not_found");
  await page.goto(`/track/${unknownId}`);
  await expect(panel(page).getByText("Текст не найден")).toBeVisible();
  await shot(page, testInfo, "lyrics-not-found-ru");
  await setLocale(page, "en");
  await page.reload();
  await expect(panel(page).getByText("No lyrics found")).toBeVisible();
  await shot(page, testInfo, "lyrics-not-found");
});
