import { createHash } from "node:crypto";
import { compact } from "./map-spotify";
import { checkTime, isObj, type MapContext, type Mapped, str } from "./types";

const sha = (...parts: string[]) => createHash("sha1").update(parts.join("\u0001")).digest("base64url");
const text = (v: unknown): string | null => (isObj(v) ? (str(v["#text"]) ?? str(v.name)) : str(v));
const mbid = (v: unknown): string | null => (isObj(v) ? str(v.mbid) : null);

/** Last.fm times are scrobble STARTS, UTC (§5). Key: (uts, artist, track). */
function lastfmRow(
  uts: number,
  artist: string | null,
  track: string | null,
  album: string | null,
  mbids: { track?: string | null; artist?: string | null; album?: string | null },
  ctx: MapContext,
): Mapped {
  if (!artist || !track) return { reject: "row without artist or track" };
  const startedAt = uts * 1000;
  const bad = checkTime(startedAt, ctx);
  if (bad) return { reject: bad };
  return {
    row: {
      key: `lf:${uts}:${sha(artist, track)}`,
      source: "import",
      origin: "import",
      startedAt,
      endedAt: null,
      msPlayed: null,
      skipped: false,
      track: {
        provider: "import",
        externalId: null,
        title: track,
        artists: [{ name: artist }],
        ...(album && { album: { title: album } }),
      },
      extra: compact({
        fmt: "lastfm",
        trackMbid: mbids.track || null,
        artistMbid: mbids.artist || null,
        albumMbid: mbids.album || null,
      }),
    },
  };
}

/** One track object of a `user.getRecentTracks` page. */
export function mapLastfmJson(v: unknown, ctx: MapContext): Mapped {
  if (!isObj(v)) return { reject: "row is not an object" };
  const attr = v["@attr"];
  if (isObj(attr) && attr.nowplaying === "true") return { skip: "nowPlaying" };
  const date = v.date;
  const utsText = isObj(date) ? str(date.uts) : str(v.uts);
  const uts = utsText && /^\d+$/.test(utsText) ? Number(utsText) : Number.NaN;
  if (!Number.isFinite(uts)) return { reject: "missing or invalid date.uts" };
  return lastfmRow(
    uts,
    text(v.artist),
    str(v.name),
    text(v.album),
    {
      track: str(v.mbid),
      artist: mbid(v.artist),
      album: mbid(v.album),
    },
    ctx,
  );
}

/** lastfm.ghan.nl CSV, read by header name. */
export function mapLastfmCsv(rec: Record<string, string>, ctx: MapContext): Mapped {
  const uts = /^\d+$/.test(rec.uts ?? "") ? Number(rec.uts) : Number.NaN;
  if (!Number.isFinite(uts)) return { reject: "missing or invalid uts" };
  return lastfmRow(
    uts,
    str(rec.artist),
    str(rec.track),
    str(rec.album),
    {
      track: rec.track_mbid,
      artist: rec.artist_mbid,
      album: rec.album_mbid,
    },
    ctx,
  );
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
export const PLAIN_DATE = /^(\d{1,2}) ([A-Za-z]{3}) (\d{4}),? (\d{1,2}):(\d{2})$/;

/** benjaminbenben's headerless `artist, album, track, date` (UTC, minute precision). */
export function mapLastfmPlain(fields: string[], ctx: MapContext): Mapped {
  if (fields.length !== 4) {
    return {
      reject: `expected 4 columns (artist, album, track, date), found ${fields.length}: an unquoted comma?`,
    };
  }
  const [artist, album, track, date] = fields as [string, string, string, string];
  const m = PLAIN_DATE.exec(date.trim());
  const month = m ? MONTHS.indexOf((m[2] ?? "").toLowerCase()) : -1;
  if (!m || month < 0) return { reject: "invalid date" };
  const uts = Date.UTC(+(m[3] ?? 0), month, +(m[1] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0)) / 1000;
  return lastfmRow(uts, str(artist), str(track), str(album), {}, ctx);
}

/** ListenBrainz listen (export JSONL line, old JSON array, or a submission payload): listened_at = START. */
export function mapListenBrainz(v: unknown, ctx: MapContext): Mapped {
  if (!isObj(v)) return { reject: "row is not an object" };
  const meta = v.track_metadata;
  if (!isObj(meta)) return { reject: "row without track_metadata" };
  const at = v.listened_at;
  if (typeof at !== "number" || !Number.isInteger(at)) return { reject: "missing or invalid listened_at" };
  const artist = str(meta.artist_name);
  const title = str(meta.track_name);
  if (!artist || !title) return { reject: "row without artist_name or track_name" };
  const startedAt = at * 1000;
  const bad = checkTime(startedAt, ctx);
  if (bad) return { reject: bad };
  const info = isObj(meta.additional_info) ? meta.additional_info : {};
  const release = str(meta.release_name);
  const msid = str(v.recording_msid) ?? str(info.recording_msid);
  const durationMs =
    typeof info.duration_ms === "number"
      ? info.duration_ms
      : typeof info.duration === "number"
        ? info.duration * 1000
        : null;
  const spotifyId = /open\.spotify\.com\/track\/([A-Za-z0-9]+)/.exec(str(info.spotify_id) ?? "")?.[1] ?? null;
  const names = Array.isArray(info.artist_names)
    ? info.artist_names.filter((n): n is string => !!str(n))
    : [];
  return {
    row: {
      key: msid ? `lb:${at}:${msid}` : `lbh:${sha(String(at), artist, title, release ?? "")}`,
      source: "import",
      origin: "import",
      startedAt,
      endedAt: durationMs ? startedAt + durationMs : null,
      msPlayed: null,
      skipped: false,
      track: {
        provider: spotifyId ? "spotify" : "import",
        externalId: spotifyId,
        title,
        artists: (names.length ? names : [artist]).map((name) => ({ name })),
        ...(release && { album: { title: release } }),
        durationMs: durationMs ? Math.round(durationMs) : null,
        isrc: str(info.isrc),
      },
      extra: compact({
        fmt: "listenbrainz",
        recordingMsid: msid,
        recordingMbid: str(info.recording_mbid),
        releaseMbid: str(info.release_mbid),
        musicService: str(info.music_service),
      }),
    },
  };
}
