import type { Source } from "./use-now-playing";

/** Service names are brands: the same in every language. */
export const SOURCE_NAMES: Record<Source, string> = { yandex: "Yandex Music", spotify: "Spotify" };
