/**
 * The demo world shared by `npm run demo` and `npm run fakes`: a Spotify user "demo" looping an album and a
 * Yandex account (token below) whose Ynison player plays a queue, so there is always something playing.
 */
import type { RunningFakes } from "./index";
import { sid } from "./spotify";

export const DEMO_YANDEX_TOKEN = "demo-yandex-token";
export const DEMO_YANDEX_UID = 1000001;

export function playDemoWorld(fakes: RunningFakes): void {
  fakes.spotify.setPlayer("demo", {
    trackId: sid("Trk", 1),
    queue: [sid("Trk", 2), sid("Trk", 3), sid("Trk", 4)],
    repeat: "context",
    progressMs: 30_000,
  });
  fakes.yandex.addAccount({ token: DEMO_YANDEX_TOKEN, uid: DEMO_YANDEX_UID, login: "demo" });
  fakes.ynison.setPlayer(DEMO_YANDEX_UID, {
    queue: [
      { id: "10000001", albumId: "2000001", title: "Одна" },
      { id: "10000003", albumId: "2000001", title: "Song" },
    ],
    index: 0,
    progressMs: 0,
    // The faithful player ends a queue paused; the demo loops it, so something is always playing.
    repeat: "ALL",
  });
}
