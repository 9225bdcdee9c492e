import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import type { FakeTrack } from "@/test/fakes/spotify-data";
import { fakes } from "./fakes";

// Steps shared by the specs that play music on the fake Spotify (see e2e/providers.spec.ts for the flows themselves).

export const spotifyUser = () => `sp_${randomBytes(4).toString("hex")}`;

/** Connects the signed-in user's Spotify through the fake consent page (or cancels there). */
export async function connectSpotify(
  page: Page,
  user: string,
  action: "Agree" | "Cancel" = "Agree",
): Promise<void> {
  await page.goto("/spotify/connect");
  await expect(page.locator("h1")).toHaveText("Fake Spotify");
  await page.locator("input[name=fake_user]").fill(user);
  await page.getByRole("button", { name: action }).click();
  await page.waitForURL(action === "Agree" ? "**/dashboard?connected=spotify" : "**/settings?spotify=denied");
}

/**
 * Plays `track` on the user's fake Spotify and waits until /api/now-playing names it with our catalogue id
 * (the worker's next poll opens its session).
 */
export async function playAndFind(
  page: Page,
  user: string,
  track: FakeTrack,
  progressMs = 0,
): Promise<number> {
  await fakes().spotify.setPlayer(user, { trackId: track.id, progressMs });
  let id: number | undefined;
  await expect
    .poll(
      async () => {
        const np = await getJsonOrNull<{ track?: { external_id: string; track_id?: number } }>(
          page,
          "/api/now-playing?source=spotify",
        );
        id = np?.track?.external_id === track.id ? np.track.track_id : undefined;
        return id;
      },
      { timeout: 45_000, intervals: [1_000] },
    )
    .toEqual(expect.any(Number));
  return id as number;
}

/** GET JSON for a poll: a connection reset on the busy 2-core machine counts as "not yet", not as a failure. */
export async function getJsonOrNull<T>(page: Page, path: string): Promise<T | null> {
  try {
    return (await (await page.request.get(path)).json()) as T;
  } catch {
    return null;
  }
}

export async function setLocale(page: Page, locale: "en" | "ru"): Promise<void> {
  const url = new URL(page.url() === "about:blank" ? "http://127.0.0.1" : page.url());
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, domain: url.hostname, path: "/" }]);
}
