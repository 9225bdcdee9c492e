/** Provider-neutral domain objects returned by the adapters (lib/providers/*), consumed by web and worker. */
import type { ProviderName } from "./errors";

export type ProviderTrack = {
  provider: ProviderName;
  /** Provider track id; null for Spotify local files (key them by metadata). */
  externalId: string | null;
  title: string;
  /** Yandex "version" suffix, e.g. "Radio Edit". */
  version?: string;
  artists: { id: string | null; name: string }[];
  album?: { id: string | null; title: string; genre?: string; releaseDate?: string };
  durationMs: number | null;
  /** https URL of the cover or "" (seed-app-contract §3). */
  coverUrl: string;
  isrc?: string;
  isLocal: boolean;
  /** Yandex track `type`: only "music" counts as a listen ("podcast-episode" and others do not). */
  contentType?: string;
  url?: string;
  uri?: string;
};

export type PlaybackDevice = { id: string | null; name: string; type: string };

/** One observation of a player. `kind` other than "track" never counts as a listen. */
export type PlaybackSnapshot = {
  provider: ProviderName;
  kind: "none" | "track" | "ad" | "episode" | "local" | "unknown";
  isPlaying: boolean;
  progressMs: number;
  durationMs: number | null;
  track?: ProviderTrack;
  device?: PlaybackDevice;
  privateSession: boolean;
  repeat?: "off" | "track" | "context";
  shuffle?: boolean;
  /** When we received it (ms); position maths uses this, never the provider's timestamp. */
  receivedAt: number;
};
