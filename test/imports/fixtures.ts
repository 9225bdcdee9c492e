import { randomBytes } from "node:crypto";

/** Generators for each export format, shaped like the real files (import-export-formats.md). */
export const spotifyId = (seed: string) =>
  (seed + randomBytes(11).toString("hex"))
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, 22)
    .padEnd(22, "A");

export type Play = {
  end: Date;
  ms: number;
  uri: string | null;
  title: string;
  artist: string;
  album?: string;
};

export function extendedRow(p: Play, extra: Record<string, unknown> = {}) {
  return {
    ts: p.end.toISOString().replace(/\.\d{3}Z$/, "Z"),
    platform: "android",
    ms_played: p.ms,
    conn_country: "DE",
    ip_addr: "203.0.113.7",
    master_metadata_track_name: p.uri ? p.title : null,
    master_metadata_album_artist_name: p.uri ? p.artist : null,
    master_metadata_album_album_name: p.uri ? (p.album ?? "Album") : null,
    spotify_track_uri: p.uri,
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    reason_start: "trackdone",
    reason_end: "trackdone",
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
    ...extra,
  };
}

export function accountRow(p: Play) {
  const d = p.end;
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    endTime: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    artistName: p.artist,
    trackName: p.title,
    msPlayed: p.ms,
  };
}

export function lbListen(p: { start: Date; artist: string; title: string; release?: string; msid?: string }) {
  return {
    listened_at: Math.floor(p.start.getTime() / 1000),
    inserted_at: Math.floor(p.start.getTime() / 1000) + 10,
    ...(p.msid && { recording_msid: p.msid }),
    track_metadata: {
      artist_name: p.artist,
      track_name: p.title,
      ...(p.release && { release_name: p.release }),
      additional_info: { duration_ms: 200_000, music_service: "spotify.com" },
    },
  };
}

export function lastfmTrack(p: { start: Date; artist: string; title: string; album?: string }) {
  const uts = Math.floor(p.start.getTime() / 1000);
  return {
    artist: { "#text": p.artist, mbid: "" },
    name: p.title,
    album: { "#text": p.album ?? "", mbid: "" },
    mbid: "",
    url: "https://www.last.fm/music/x",
    date: { uts: String(uts), "#text": "whatever" },
  };
}

/** `count` plays of `tracks` songs, back to back, ending before `until`. */
export function history(
  count: number,
  opts: { until: Date; tracks?: number; seed?: string; msEach?: number },
): Play[] {
  const tracks = Array.from({ length: opts.tracks ?? 10 }, (_, i) => ({
    uri: `spotify:track:${spotifyId(`${opts.seed ?? "t"}${i}`)}`,
    title: `Song ${i} ${opts.seed ?? ""}`.trim(),
    artist: `Artist ${i % 3} ${opts.seed ?? ""}`.trim(),
  }));
  const ms = opts.msEach ?? 180_000;
  const plays: Play[] = [];
  for (let i = 0; i < count; i++) {
    const t = tracks[i % tracks.length] as (typeof tracks)[number];
    plays.push({ ...t, end: new Date(opts.until.getTime() - (count - i) * (ms + 5000)), ms });
  }
  return plays;
}
