import type { ImportFileDetails } from "@/db/schema/imports";
import type { TrackInput } from "@/lib/catalog/upsert";

export const IMPORT_FORMATS = [
  "spotify-extended",
  "spotify-account",
  "spotify-account-podcast",
  "lastfm-csv",
  "lastfm-csv-plain",
  "lastfm-json",
  "listenbrainz-jsonl",
  "listenbrainz-json",
  "musictrace",
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Family stored in listens.extra.fmt: decides merge precedence (import-export-formats.md §6). */
export type RowFamily = "spotify-extended" | "spotify-account" | "lastfm" | "listenbrainz";

export type ImportRow = {
  key: string;
  source: "spotify" | "yandex" | "import";
  origin: "live" | "history" | "import";
  startedAt: number;
  endedAt: number | null;
  msPlayed: number | null;
  skipped: boolean;
  spotifyPlayedAt?: number | null;
  // Our own export: the key of the canonical listen this one was merged into.
  duplicateOfKey?: string | null;
  track: TrackInput;
  extra: Record<string, unknown>;
};

export type SkipKind = Exclude<keyof ImportFileDetails, "shortPlays" | "reDecoded">;
export type Mapped = { row: ImportRow } | { skip: SkipKind } | { reject: string };
export type MapContext = { now: number; keepIncognito: boolean };

export const MIN_COUNTED_MS = 30_000;
// Scrobbling services start in 2002 (ListenBrainz rejects older listened_at); anything before is a typo.
export const EARLIEST_MS = Date.UTC(2002, 0, 1);
// A small allowance for clock skew between the exporting service and us.
export const FUTURE_SLACK_MS = 10 * 60_000;

export function checkTime(startedAt: number, ctx: MapContext): string | null {
  if (!Number.isFinite(startedAt)) return "invalid time";
  if (startedAt > ctx.now + FUTURE_SLACK_MS) return "listen in the future";
  if (startedAt < EARLIEST_MS) return "listen dated before 2002";
  return null;
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
