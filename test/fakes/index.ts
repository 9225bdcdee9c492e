/**
 * Starts the provider fakes together and says how to point the app at them (`env`). Used by the vitest
 * global setup, `npm run fakes` (scripts/fakes.ts) and demo mode.
 *
 * Browser e2e of the OAuth flow (Playwright): start the fakes in e2e/server.ts BEFORE startApp and copy
 * `fakes.env` into process.env (as test/global-setup.ts does), expose `fakes.urls` to specs (e.g. an env var).
 * Then: sign in → click "Connect Spotify" (/spotify/connect) → the fake's consent page → fill
 * `input[name=fake_user]` with a fresh id → click `button[value=approve]` (or `[value=deny]` for the denial
 * path) → lands on /dashboard (or /settings?spotify=denied with a notice). Script what the user plays with
 * `remoteControl<SpotifyControl>(urls.spotify).setPlayer(id, { trackId: sid("Trk", 1), progressMs: 60_000 })`;
 * revoke with `revokeRefreshTokens(id)` + `expireAccessTokens(id)` to see the "needs reauth" card.
 * Yandex: `addAccount({ token, uid })` on the Yandex fake, paste the token on /yandex/connect, and drive
 * the player with `remoteControl<YnisonControl>(urls.ynisonControl)`: `load(uid, { queue, index })`, then `pause`,
 * `seek`, `next`… (service-faithful: frames only on change; see test/fakes/ynison.ts).
 */
import { FakeLastfm } from "./lastfm";
import { FakeListenBrainz } from "./listenbrainz";
import { FakeSpotify } from "./spotify";
import { FakeYandex } from "./yandex";
import { FakeYnison } from "./ynison";

/** Credentials of the fake Spotify app and the fake lyrics signing key (fakes only, never real). */
export const FAKE_SPOTIFY_CLIENT_ID = "musictrace-fake-client";
export const FAKE_SPOTIFY_CLIENT_SECRET = "musictrace-fake-secret";
export const FAKE_YANDEX_LYRICS_KEY = "musictrace-fake-lyrics-key";
export const FAKE_LASTFM_API_KEY = "musictrace-fake-lastfm-key";
export const FAKE_LASTFM_API_SECRET = "musictrace-fake-lastfm-secret";

export type FakeUrls = {
  spotify: string;
  yandex: string;
  ynison: string;
  ynisonControl: string;
  listenbrainz: string;
  lastfm: string;
};

/** The app's environment for the outbox targets' fakes (ListenBrainz, Last.fm at these base URLs). */
export function outboxFakeEnv(urls: { listenbrainz: string; lastfm: string }): Record<string, string> {
  return {
    LISTENBRAINZ_URL: urls.listenbrainz,
    LASTFM_URL: urls.lastfm,
    LASTFM_AUTH_URL: `${urls.lastfm}/api/auth`,
    LASTFM_API_KEY: FAKE_LASTFM_API_KEY,
    LASTFM_API_SECRET: FAKE_LASTFM_API_SECRET,
  };
}

export type RunningFakes = {
  spotify: FakeSpotify;
  yandex: FakeYandex;
  ynison: FakeYnison;
  listenbrainz: FakeListenBrainz;
  lastfm: FakeLastfm;
  urls: FakeUrls;
  /** Environment variables that point the app at these fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startFakes(
  ports: { spotify?: number; yandex?: number; ynison?: number; listenbrainz?: number; lastfm?: number } = {},
) {
  const spotify = await FakeSpotify.start({
    clientId: FAKE_SPOTIFY_CLIENT_ID,
    clientSecret: FAKE_SPOTIFY_CLIENT_SECRET,
    port: ports.spotify,
  });
  const yandex = await FakeYandex.start({ lyricsKey: FAKE_YANDEX_LYRICS_KEY, port: ports.yandex });
  const ynison = await FakeYnison.start({
    accounts: yandex.accounts,
    port: ports.ynison,
    durationOf: (id) => yandex.durationOf(id),
  });
  const listenbrainz = await FakeListenBrainz.start({ port: ports.listenbrainz });
  const lastfm = await FakeLastfm.start({
    apiKey: FAKE_LASTFM_API_KEY,
    secret: FAKE_LASTFM_API_SECRET,
    port: ports.lastfm,
  });
  const urls: FakeUrls = {
    listenbrainz: listenbrainz.url,
    lastfm: lastfm.url,
    spotify: spotify.url,
    yandex: yandex.url,
    ynison: ynison.url,
    ynisonControl: ynison.controlUrl,
  };
  const running: RunningFakes = {
    spotify,
    yandex,
    ynison,
    listenbrainz,
    lastfm,
    urls,
    env: {
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      SPOTIFY_API_URL: spotify.apiUrl,
      SPOTIFY_CLIENT_ID: FAKE_SPOTIFY_CLIENT_ID,
      SPOTIFY_CLIENT_SECRET: FAKE_SPOTIFY_CLIENT_SECRET,
      YANDEX_MUSIC_API_URL: yandex.url,
      YNISON_URL: ynison.url,
      YANDEX_LYRICS_SIGN_KEY: FAKE_YANDEX_LYRICS_KEY,
      ...outboxFakeEnv(urls),
    },
    async close() {
      await Promise.all([
        spotify.close(),
        yandex.close(),
        ynison.close(),
        listenbrainz.close(),
        lastfm.close(),
      ]);
    },
  };
  return running;
}
