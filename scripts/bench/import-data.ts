import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TrackInput } from "@/lib/catalog/upsert";

/** Deterministic pseudo-random numbers, so every bench run imports the same history. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ROWS_PER_FILE = 24_000; // ≈ 12 MB, the size Spotify's files stop at
const START = Date.UTC(2021, 0, 1);
const SPACING_MS = 420_000;

export type LiveSeed = { track: string; s: string; e: string; ms: number; k: string };

export function generateHistory(dir: string, p: { rows: number; live: number; tracks: number }) {
  const rnd = lcg(42);
  const catalog: TrackInput[] = Array.from({ length: p.tracks }, (_, i) => ({
    provider: "spotify",
    externalId: `Bench${String(i).padStart(17, "0")}`,
    title: `Bench Song ${i}`,
    artists: [{ name: `Bench Artist ${i % Math.max(1, Math.floor(p.tracks / 4))}` }],
  }));
  const files: string[] = [];
  const live: LiveSeed[] = [];
  let bytes = 0;
  let music = 0;
  let counted = 0;
  let rows: string[] = [];
  const flush = (year: number) => {
    const file = path.join(dir, `Streaming_History_Audio_${year}_${files.length}.json`);
    const text = `[\n${rows.join(",\n")}\n]`;
    fs.writeFileSync(file, text);
    bytes += text.length;
    files.push(file);
    rows = [];
  };
  for (let i = 0; i < p.rows; i++) {
    const end = START + i * SPACING_MS + 60_000;
    const podcast = rnd() < 0.02;
    const short = rnd() < 0.08;
    const ms = short ? Math.floor(rnd() * 29_000) : 30_000 + Math.floor(rnd() * 300_000);
    const t = catalog[Math.floor(rnd() * catalog.length)] as TrackInput;
    const ts = new Date(end).toISOString().replace(/\.\d{3}Z$/, "Z");
    if (!podcast) {
      music++;
      if (!short) counted++;
    }
    // Live watched the second half of the period and saw a share of the counted plays, a few seconds off.
    if (!podcast && !short && i >= p.rows / 2 && live.length < p.live && rnd() < (p.live * 2.2) / p.rows) {
      live.push({
        track: t.externalId as string,
        s: new Date(end - ms + 3000).toISOString(),
        e: new Date(end + 2000).toISOString(),
        ms: ms - 1000,
        k: `live:${i}`,
      });
    }
    rows.push(
      JSON.stringify({
        ts,
        platform: "android",
        ms_played: ms,
        conn_country: "DE",
        ip_addr: "203.0.113.7",
        master_metadata_track_name: podcast ? null : t.title,
        master_metadata_album_artist_name: podcast ? null : t.artists[0]?.name,
        master_metadata_album_album_name: podcast ? null : `Album of ${t.artists[0]?.name}`,
        spotify_track_uri: podcast ? null : `spotify:track:${t.externalId}`,
        episode_name: podcast ? "Episode" : null,
        episode_show_name: podcast ? "Show" : null,
        spotify_episode_uri: podcast ? "spotify:episode:x" : null,
        reason_start: "trackdone",
        reason_end: short ? "fwdbtn" : "trackdone",
        shuffle: false,
        skipped: short,
        offline: false,
        offline_timestamp: null,
        incognito_mode: false,
      }),
    );
    if (rows.length >= ROWS_PER_FILE) flush(new Date(end).getUTCFullYear());
  }
  if (rows.length) flush(new Date(START + p.rows * SPACING_MS).getUTCFullYear());
  return { files, catalog, live, bytes, rows: p.rows, music, counted };
}

export function fileShas(files: string[]) {
  return files.map((f) => {
    const data = fs.readFileSync(f);
    return {
      path: f,
      name: path.basename(f),
      bytes: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
    };
  });
}
