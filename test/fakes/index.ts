/**
 * Starts the provider fakes together and says how to point the app at them (`env`). Used by the vitest
 * global setup, `npm run fakes` (scripts/fakes.ts) and demo mode.
 */
import { FakeSpotify } from "./spotify";
import { FakeYandex } from "./yandex";
import { FakeYnison } from "./ynison";

/** Credentials of the fake Spotify app and the fake lyrics signing key (fakes only, never real). */
export const FAKE_SPOTIFY_CLIENT_ID = "musictrace-fake-client";
export const FAKE_SPOTIFY_CLIENT_SECRET = "musictrace-fake-secret";
export const FAKE_YANDEX_LYRICS_KEY = "musictrace-fake-lyrics-key";

export type FakeUrls = { spotify: string; yandex: string; ynison: string; ynisonControl: string };

export type RunningFakes = {
  spotify: FakeSpotify;
  yandex: FakeYandex;
  ynison: FakeYnison;
  urls: FakeUrls;
  /** Environment variables that point the app at these fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startFakes(ports: { spotify?: number; yandex?: number; ynison?: number } = {}) {
  const spotify = await FakeSpotify.start({
    clientId: FAKE_SPOTIFY_CLIENT_ID,
    clientSecret: FAKE_SPOTIFY_CLIENT_SECRET,
    port: ports.spotify,
  });
  const yandex = await FakeYandex.start({ lyricsKey: FAKE_YANDEX_LYRICS_KEY, port: ports.yandex });
  const ynison = await FakeYnison.start({ accounts: yandex.accounts, port: ports.ynison });
  const urls: FakeUrls = {
    spotify: spotify.url,
    yandex: yandex.url,
    ynison: ynison.url,
    ynisonControl: ynison.controlUrl,
  };
  const running: RunningFakes = {
    spotify,
    yandex,
    ynison,
    urls,
    env: {
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      SPOTIFY_API_URL: spotify.apiUrl,
      SPOTIFY_CLIENT_ID: FAKE_SPOTIFY_CLIENT_ID,
      SPOTIFY_CLIENT_SECRET: FAKE_SPOTIFY_CLIENT_SECRET,
      YANDEX_MUSIC_API_URL: yandex.url,
      YNISON_URL: ynison.url,
      YANDEX_LYRICS_SIGN_KEY: FAKE_YANDEX_LYRICS_KEY,
    },
    async close() {
      await Promise.all([spotify.close(), yandex.close(), ynison.close()]);
    },
  };
  return running;
}
