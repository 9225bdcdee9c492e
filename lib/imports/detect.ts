import fs from "node:fs/promises";
import path from "node:path";
import { decodeBytes } from "./decode";
import { ImportRefused } from "./errors";
import { parseCsvLine } from "./lines";
import { EXPORT_FORMAT } from "./map-musictrace";
import { PLAIN_DATE } from "./map-scrobbles";
import { openBytes } from "./read";
import type { ImportFormat } from "./types";
import { defaultZipLimits, listZip } from "./zip";

const HEAD_BYTES = 64 * 1024;

/** What a file is, from its first bytes (names lie: your_spotify and Maloja broke on renamed files). */
export function detectFormat(head: string): ImportFormat | null {
  const t = head.replace(/^\uFEFF/, "").trimStart();
  if (t.startsWith("[") || t.startsWith("{")) {
    if (new RegExp(`"format"\\s*:\\s*"${EXPORT_FORMAT}"`).test(t)) return "musictrace";
    if (/"(spotify_track_uri|master_metadata_track_name|spotify_episode_uri)"\s*:/.test(t))
      return "spotify-extended";
    if (/"endTime"\s*:/.test(t) && /"msPlayed"\s*:/.test(t)) {
      return /"podcastName"\s*:/.test(t) && !/"trackName"\s*:/.test(t)
        ? "spotify-account-podcast"
        : "spotify-account";
    }
    if (/"listened_at"\s*:/.test(t) && /"track_metadata"\s*:/.test(t)) {
      const firstLine = t.slice(0, t.indexOf("\n") < 0 ? t.length : t.indexOf("\n")).trim();
      try {
        JSON.parse(firstLine);
        if (t.startsWith("{") && !/"payload"\s*:/.test(firstLine)) return "listenbrainz-jsonl";
      } catch {
        // Not one listen per line: a JSON document.
      }
      return "listenbrainz-json";
    }
    if (/"recenttracks"\s*:/.test(t) || (/"#text"\s*:/.test(t) && /"uts"\s*:/.test(t))) return "lastfm-json";
    return null;
  }
  const firstLine = t.split(/\r?\n/, 1)[0] ?? "";
  const fields = parseCsvLine(firstLine);
  if (!fields) return null;
  const names = fields.map((f) => f.trim().toLowerCase());
  if (names.includes("uts") && names.includes("artist") && names.includes("track")) return "lastfm-csv";
  if (fields.length === 4 && PLAIN_DATE.test((fields[3] ?? "").trim())) return "lastfm-csv-plain";
  return null;
}

async function readHead(ref: { path: string; entry: string | null }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const bytes = await openBytes(ref);
  for await (const chunk of bytes) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= HEAD_BYTES) break;
  }
  return decodeBytes(Buffer.concat(chunks).subarray(0, HEAD_BYTES)).text;
}

export type DetectedFile = { name: string; entry: string | null; format: ImportFormat; bytes: number };

// Members of a Spotify or ListenBrainz ZIP worth a look; everything else (playlists, Userdata.json,
// video history, the ReadMe PDF) is ignored rather than refused.
const CANDIDATE = /\.(json|jsonl|csv)$/i;
// A ListenBrainz export has one file per month (240 for 20 years), Spotify's a few dozen; each file costs
// a look at its head and a batch of its own, so thousands of tiny files are a denial of service.
export const MAX_ZIP_HISTORY_FILES = 1000;
const IGNORED = /Streaming_History_Video_|(^|\/)__MACOSX\//i;
const ORDER: ImportFormat[] = [
  "musictrace",
  "spotify-extended",
  "listenbrainz-jsonl",
  "listenbrainz-json",
  "lastfm-json",
  "lastfm-csv",
  "lastfm-csv-plain",
  "spotify-account",
  "spotify-account-podcast",
];

const refuseUnknown = (name: string) =>
  new ImportRefused(
    `${name}: not a listening-history export we know. Upload Spotify's my_spotify_data.zip or its Streaming_History_Audio / endsong / StreamingHistory_music JSON files, a Last.fm CSV/JSON export, or a ListenBrainz export.`,
    "unknown_format",
  );

/**
 * The history files of one upload, refusing unknown files, unsafe ZIPs and empty uploads with a reason.
 * Extended history is processed before account data so the richer rows win (§2).
 */
export async function describeUpload(
  file: string,
  originalName: string,
  maxBytes: number,
): Promise<DetectedFile[]> {
  const stat = await fs.stat(file);
  if (stat.size === 0) throw new ImportRefused(`${originalName} is empty.`, "empty");
  const fd = await fs.open(file, "r");
  const magic = Buffer.alloc(4);
  await fd.read(magic, 0, 4, 0);
  await fd.close();
  if (magic.readUInt32LE(0) === 0x04034b50 || /\.zip$/i.test(originalName)) {
    const members = await listZip(file, defaultZipLimits(maxBytes));
    const candidates = members.filter((m) => CANDIDATE.test(m.name) && !IGNORED.test(m.name) && m.size > 0);
    if (candidates.length > MAX_ZIP_HISTORY_FILES) {
      throw new ImportRefused(
        `${originalName} holds ${candidates.length.toLocaleString("en")} JSON/CSV files; an export has a few hundred at most, and at most ${MAX_ZIP_HISTORY_FILES.toLocaleString("en")} are read from one ZIP.`,
        "too_many_files",
      );
    }
    const found: DetectedFile[] = [];
    for (const m of candidates) {
      const format = detectFormat(await readHead({ path: file, entry: m.name }));
      if (format) found.push({ name: path.posix.basename(m.name), entry: m.name, format, bytes: m.size });
    }
    if (!found.length) {
      throw new ImportRefused(`${originalName} contains no listening history we recognise.`, "zip_empty");
    }
    return sortFiles(found);
  }
  const format = detectFormat(await readHead({ path: file, entry: null }));
  if (!format) throw refuseUnknown(originalName);
  return [{ name: originalName, entry: null, format, bytes: stat.size }];
}

export function sortFiles<T extends { name: string; format: ImportFormat }>(files: T[]): T[] {
  return [...files].sort(
    (a, b) =>
      ORDER.indexOf(a.format) - ORDER.indexOf(b.format) ||
      a.name.localeCompare(b.name, "en", { numeric: true }),
  );
}
