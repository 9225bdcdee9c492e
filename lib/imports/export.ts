import type { RootDb } from "@/db/client";
import { EXPORT_FORMAT, type ExportedListen } from "./map-musictrace";

export const EXPORT_FORMATS = ["json", "csv", "listenbrainz"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Row = {
  dedup_key: string;
  source: ExportedListen["source"];
  origin: ExportedListen["origin"];
  // Epoch milliseconds: the pool's type parsers leave timestamps as text.
  started_at: number;
  ended_at: number | null;
  ms_played: number | null;
  skipped: boolean;
  spotify_played_at: number | null;
  extra: Record<string, unknown> | null;
  dup_key: string | null;
  title: string;
  artist_line: string;
  album: string | null;
  duration_ms: number | null;
  isrc: string | null;
  artists: string[] | null;
  ids: Record<string, string> | null;
};

const CURSOR_ROWS = 1000;

function cursor(db: RootDb, userId: number, countedOnly: boolean) {
  const sql = db.$client;
  return sql<Row[]>`
    select l.dedup_key, l.source, l.origin, l.ms_played, l.skipped,
      (extract(epoch from l.started_at) * 1000)::float8 as started_at,
      (extract(epoch from l.ended_at) * 1000)::float8 as ended_at,
      (extract(epoch from l.spotify_played_at) * 1000)::float8 as spotify_played_at,
      l.extra, d.dedup_key as dup_key, t.title, t.artist_line, al.title as album, t.duration_ms, t.isrc,
      (select array_agg(a.name order by ta.position) from track_artists ta join artists a on a.id = ta.artist_id
        where ta.track_id = t.id) as artists,
      (select jsonb_object_agg(p.provider, p.external_id) from provider_ids p
        where p.kind = 'track' and p.entity_id = t.id) as ids
    from listens l
    join tracks t on t.id = l.track_id
    left join albums al on al.id = t.album_id
    left join listens d on d.id = l.duplicate_of
    where l.user_id = ${userId} ${countedOnly ? sql`and not l.skipped and l.duplicate_of is null` : sql``}
    order by l.started_at, l.id`.cursor(CURSOR_ROWS);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function exported(r: Row): ExportedListen {
  const ids: ExportedListen["track"]["ids"] = {};
  for (const [k, v] of Object.entries(r.ids ?? {})) {
    if (k === "spotify" || k === "yandex" || k === "local" || k === "import") ids[k] = v;
  }
  return {
    key: r.dedup_key,
    source: r.source,
    origin: r.origin,
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: iso(r.ended_at),
    msPlayed: r.ms_played,
    skipped: r.skipped,
    spotifyPlayedAt: iso(r.spotify_played_at),
    duplicateOf: r.dup_key,
    extra: r.extra,
    track: {
      title: r.title,
      artists: r.artists ?? [r.artist_line],
      album: r.album,
      durationMs: r.duration_ms,
      isrc: r.isrc,
      ids,
    },
  };
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (a title like "=HYPERLINK(...)" or "@SUM",
 * also after a tab or CR) gets a leading ' (OWASP's CSV-injection advice); numbers stay numbers.
 */
export const csvField = (v: unknown): string => {
  let s = v === null || v === undefined ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const CSV_HEADER =
  "started_at,ended_at,ms_played,skipped,duplicate,source,origin,artist,title,album,duration_ms,isrc,spotify_id\n";

function csvLine(r: Row): string {
  return `${[
    new Date(r.started_at).toISOString(),
    iso(r.ended_at),
    r.ms_played,
    r.skipped,
    r.dup_key !== null,
    r.source,
    r.origin,
    r.artist_line,
    r.title,
    r.album,
    r.duration_ms,
    r.isrc,
    r.ids?.spotify,
  ]
    .map(csvField)
    .join(",")}\n`;
}

/** ListenBrainz listen JSON (import-export-formats.md §4.3): start in seconds, the credit as one string. */
function listenBrainzLine(r: Row): string {
  const info: Record<string, unknown> = {
    submission_client: "MusicTrace",
    submission_client_version: "1.0.0",
  };
  if (r.duration_ms) info.duration_ms = r.duration_ms;
  if (r.isrc) info.isrc = r.isrc;
  if (r.ids?.spotify) {
    info.spotify_id = `https://open.spotify.com/track/${r.ids.spotify}`;
    info.origin_url = info.spotify_id;
  }
  if (r.source === "spotify") info.music_service = "spotify.com";
  if (r.source === "yandex") info.music_service = "music.yandex.ru";
  if (r.artists && r.artists.length > 1) info.artist_names = r.artists;
  return `${JSON.stringify({
    listened_at: Math.floor(r.started_at / 1000),
    track_metadata: {
      artist_name: r.artist_line,
      track_name: r.title,
      ...(r.album && { release_name: r.album }),
      additional_info: info,
    },
  })}\n`;
}

/**
 * The user's listens as a byte stream read from a server-side cursor, so a million listens never sit in
 * memory. JSON carries everything (skips, duplicates and their links) and re-imports losslessly.
 */
export function exportStream(
  db: RootDb,
  p: { userId: number; username: string; format: ExportFormat },
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const rows = cursor(db, p.userId, p.format === "listenbrainz")[Symbol.asyncIterator]();
  let first = true;
  let ended = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (p.format === "json") {
        const head = {
          format: EXPORT_FORMAT,
          version: 1,
          exportedAt: new Date().toISOString(),
          user: { username: p.username },
        };
        controller.enqueue(enc.encode(`${JSON.stringify(head).slice(0, -1)},"listens":[\n`));
      } else if (p.format === "csv") controller.enqueue(enc.encode(CSV_HEADER));
    },
    async pull(controller) {
      if (ended) return;
      const next = await rows.next();
      if (next.done) {
        ended = true;
        if (p.format === "json") controller.enqueue(enc.encode("\n]}\n"));
        controller.close();
        return;
      }
      let out = "";
      for (const r of next.value) {
        if (p.format === "json") {
          out += `${first ? "" : ",\n"}${JSON.stringify(exported(r))}`;
          first = false;
        } else out += p.format === "csv" ? csvLine(r) : listenBrainzLine(r);
      }
      controller.enqueue(enc.encode(out));
    },
    async cancel() {
      await rows.return?.();
    },
  });
}
