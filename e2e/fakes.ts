import type { LastfmControl } from "@/test/fakes/lastfm";
import type { ListenBrainzControl } from "@/test/fakes/listenbrainz";
import { remoteControl } from "@/test/fakes/server";
import type { SpotifyControl } from "@/test/fakes/spotify";
import type { YandexControl } from "@/test/fakes/yandex";
import type { YnisonControl } from "@/test/fakes/ynison";

// Fixed ports for the e2e run's fakes (e2e/server.ts starts them; specs script them over HTTP).
const base = Number(process.env.E2E_FAKE_PORT_BASE ?? 4110);
export const FAKE_PORTS = {
  spotify: base,
  yandex: base + 1,
  ynison: base + 2,
  listenbrainz: base + 3,
  lastfm: base + 4,
};

export function fakes() {
  return {
    spotify: remoteControl<SpotifyControl>(`http://127.0.0.1:${FAKE_PORTS.spotify}`),
    yandex: remoteControl<YandexControl>(`http://127.0.0.1:${FAKE_PORTS.yandex}`),
    listenbrainz: remoteControl<ListenBrainzControl>(`http://127.0.0.1:${FAKE_PORTS.listenbrainz}`),
    lastfm: remoteControl<LastfmControl>(`http://127.0.0.1:${FAKE_PORTS.lastfm}`),
  };
}
export type { YnisonControl };
