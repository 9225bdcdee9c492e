import { createHash } from "node:crypto";
import { checkTime, isObj, type MapContext, type Mapped, MIN_COUNTED_MS, str } from "./types";

/** Extended history (`Streaming_History_Audio_*`, `endsong_*`): ts is the END of the stream (§1.3). */
export function mapExtended(v: unknown, ctx: MapContext): Mapped {
  if (!isObj(v)) return { reject: "row is not an object" };
  const uri = str(v.spotify_track_uri);
  if (!uri) {
    if (str(v.spotify_episode_uri) || str(v.episode_name)) return { skip: "podcasts" };
    if (str(v.audiobook_uri) || str(v.audiobook_chapter_uri) || str(v.audiobook_title))
      return { skip: "audiobooks" };
    return { skip: "nonMusic" };
  }
  const tsText = str(v.ts);
  const end =
    tsText && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(tsText) ? Date.parse(tsText) : Number.NaN;
  if (!Number.isFinite(end)) return { reject: "missing or invalid ts" };
  const ms = v.ms_played;
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0)
    return { reject: "missing or invalid ms_played" };
  const startedAt = end - ms;
  const bad = checkTime(startedAt, ctx);
  if (bad) return { reject: bad };
  if (v.incognito_mode === true && !ctx.keepIncognito) return { skip: "incognito" };
  const id = /^spotify:track:([A-Za-z0-9]+)$/.exec(uri)?.[1];
  if (!id) return { reject: "invalid spotify_track_uri" };
  const title = str(v.master_metadata_track_name);
  if (!title) return { reject: "music row without a track name" };
  const artist = str(v.master_metadata_album_artist_name) ?? "Unknown artist";
  const album = str(v.master_metadata_album_album_name);
  const ts = new Date(end).toISOString();
  return {
    row: {
      key: `sx:${ts}|${uri}|${ms}`,
      source: "spotify",
      origin: "import",
      startedAt,
      endedAt: end,
      msPlayed: ms,
      skipped: ms < MIN_COUNTED_MS,
      track: {
        provider: "spotify",
        externalId: id,
        title,
        artists: [{ name: artist }],
        ...(album && { album: { title: album } }),
      },
      extra: compact({
        fmt: "spotify-extended",
        platform: str(v.platform),
        reasonStart: str(v.reason_start),
        reasonEnd: str(v.reason_end),
        shuffle: typeof v.shuffle === "boolean" ? v.shuffle : null,
        skippedFlag: typeof v.skipped === "boolean" ? v.skipped : null,
        offline: typeof v.offline === "boolean" ? v.offline : null,
        incognito: v.incognito_mode === true ? true : null,
      }),
    },
  };
}

/** Account data (`StreamingHistory_music_*`): endTime is the END, UTC, minute precision, no zone (§2). */
export function mapAccount(v: unknown, ctx: MapContext): Mapped {
  if (!isObj(v)) return { reject: "row is not an object" };
  if (str(v.podcastName) || str(v.episodeName)) return { skip: "podcasts" };
  const endText = str(v.endTime);
  const m = endText ? /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)$/.exec(endText) : null;
  if (!m || !endText) return { reject: "missing or invalid endTime" };
  const end = Date.UTC(+(m[1] ?? 0), +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0));
  const ms = v.msPlayed;
  if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0)
    return { reject: "missing or invalid msPlayed" };
  const artist = str(v.artistName);
  const title = str(v.trackName);
  if (!artist || !title) return { reject: "row without artistName or trackName" };
  const startedAt = end - ms;
  const bad = checkTime(startedAt, ctx);
  if (bad) return { reject: bad };
  const hash = createHash("sha1")
    .update(`${endText}\u0001${artist}\u0001${title}\u0001${ms}`)
    .digest("base64url");
  return {
    row: {
      key: `sa:${hash}`,
      source: "spotify",
      origin: "import",
      startedAt,
      endedAt: end,
      msPlayed: ms,
      skipped: ms < MIN_COUNTED_MS,
      track: { provider: "import", externalId: null, title, artists: [{ name: artist }] },
      extra: { fmt: "spotify-account" },
    },
  };
}

export function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
