import type { CatalogProvider } from "@/lib/catalog/upsert";
import { checkTime, isObj, type MapContext, type Mapped, str } from "./types";

/** One listen of our own JSON export (lib/imports/export.ts), carried over without loss. */
export type ExportedListen = {
  key: string;
  source: "spotify" | "yandex" | "import";
  origin: "live" | "history" | "import";
  startedAt: string;
  endedAt: string | null;
  msPlayed: number | null;
  skipped: boolean;
  spotifyPlayedAt: string | null;
  duplicateOf: string | null;
  extra: Record<string, unknown> | null;
  track: {
    title: string;
    artists: string[];
    album: string | null;
    durationMs: number | null;
    isrc: string | null;
    ids: Partial<Record<CatalogProvider, string>>;
  };
};

export const EXPORT_FORMAT = "musictrace-export";

const time = (v: unknown): number | null => {
  const t = typeof v === "string" ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : null;
};

export function mapMusictrace(v: unknown, ctx: MapContext): Mapped {
  if (!isObj(v) || !isObj(v.track)) return { reject: "row is not an exported listen" };
  const l = v as unknown as ExportedListen;
  const startedAt = time(l.startedAt);
  if (startedAt === null || !str(l.key) || !str(l.track.title))
    return { reject: "exported listen without key, time or title" };
  const bad = checkTime(startedAt, ctx);
  if (bad) return { reject: bad };
  if (
    !["spotify", "yandex", "import"].includes(l.source) ||
    !["live", "history", "import"].includes(l.origin)
  ) {
    return { reject: "unknown source or origin" };
  }
  const ids = isObj(l.track.ids) ? l.track.ids : {};
  const provider: CatalogProvider = ids.spotify ? "spotify" : ids.yandex ? "yandex" : "local";
  const artists = Array.isArray(l.track.artists) ? l.track.artists.filter((a) => typeof a === "string") : [];
  return {
    row: {
      key: l.key,
      source: l.source,
      origin: l.origin,
      startedAt,
      endedAt: time(l.endedAt),
      msPlayed: typeof l.msPlayed === "number" ? l.msPlayed : null,
      skipped: l.skipped === true,
      spotifyPlayedAt: time(l.spotifyPlayedAt),
      duplicateOfKey: str(l.duplicateOf),
      track: {
        provider,
        externalId: ids[provider] ?? null,
        title: l.track.title,
        artists: (artists.length ? artists : ["Unknown artist"]).map((name) => ({ name })),
        ...(str(l.track.album) && { album: { title: l.track.album as string } }),
        durationMs: typeof l.track.durationMs === "number" ? l.track.durationMs : null,
        isrc: str(l.track.isrc),
      },
      extra: isObj(l.extra) ? l.extra : {},
    },
  };
}
