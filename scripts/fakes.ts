/**
 * `npm run fakes`: the fake Spotify, Yandex Music and Ynison servers, standalone, for manual runs and demos.
 * Prints the environment to start the app with. Ports: FAKE_SPOTIFY_PORT / FAKE_YANDEX_PORT /
 * FAKE_YNISON_PORT (defaults 4010–4012). A demo Yandex token `demo-yandex-token` (uid 1000001) is
 * registered, and both demo users are given something to play.
 */

import { startFakes } from "@/test/fakes";
import { DEMO_YANDEX_TOKEN, playDemoWorld } from "@/test/fakes/demo-world";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const fakes = await startFakes({
  spotify: port("FAKE_SPOTIFY_PORT", 4010),
  yandex: port("FAKE_YANDEX_PORT", 4011),
  ynison: port("FAKE_YNISON_PORT", 4012),
  listenbrainz: port("FAKE_LISTENBRAINZ_PORT", 4013),
  lastfm: port("FAKE_LASTFM_PORT", 4014),
});

playDemoWorld(fakes);

console.log("Fakes are running. Start the app with:\n");
for (const [k, v] of Object.entries(fakes.env)) console.log(`  export ${k}=${v}`);
console.log(
  `\nControl: POST <fake>/__control {"op": "...", "args": [...]}  (Ynison: ${fakes.urls.ynisonControl})`,
);
console.log(
  `Spotify consent page: sign in as any user id ("demo" has a player). Yandex token: ${DEMO_YANDEX_TOKEN}`,
);

const stop = async () => {
  await fakes.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
