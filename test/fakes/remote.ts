/**
 * For test files (which run in other processes than the fakes): typed remote controls of the suite's fakes,
 * and the same fake-pointing environment the app server got, so `lib/` code called in the test process
 * talks to the fakes too.
 *
 *   const { spotify, yandex, ynison } = fakeControls();
 *   await spotify.setPlayer("anna", { trackId: sid("Trk", 1), progressMs: 60_000 });
 */
import { inject } from "vitest";
import { resetEnvCache } from "@/lib/env";
import {
  FAKE_SPOTIFY_CLIENT_ID,
  FAKE_SPOTIFY_CLIENT_SECRET,
  FAKE_YANDEX_LYRICS_KEY,
  outboxFakeEnv,
} from "./index";
import type { LastfmControl } from "./lastfm";
import type { ListenBrainzControl } from "./listenbrainz";
import { remoteControl } from "./server";
import type { SpotifyControl } from "./spotify";
import type { YandexControl } from "./yandex";
import type { YnisonControl } from "./ynison";

export function fakeControls() {
  const urls = inject("fakes");
  Object.assign(process.env, {
    SPOTIFY_ACCOUNTS_URL: urls.spotify,
    SPOTIFY_API_URL: `${urls.spotify}/v1`,
    SPOTIFY_CLIENT_ID: FAKE_SPOTIFY_CLIENT_ID,
    SPOTIFY_CLIENT_SECRET: FAKE_SPOTIFY_CLIENT_SECRET,
    YANDEX_MUSIC_API_URL: urls.yandex,
    YNISON_URL: urls.ynison,
    YANDEX_LYRICS_SIGN_KEY: FAKE_YANDEX_LYRICS_KEY,
    ...outboxFakeEnv(urls),
  });
  resetEnvCache();
  return {
    urls,
    spotify: remoteControl<SpotifyControl>(urls.spotify),
    yandex: remoteControl<YandexControl>(urls.yandex),
    ynison: remoteControl<YnisonControl>(urls.ynisonControl),
    listenbrainz: remoteControl<ListenBrainzControl>(urls.listenbrainz),
    lastfm: remoteControl<LastfmControl>(urls.lastfm),
  };
}
