import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { LyricsCredits } from "@/db/schema";
import { enqueueEnrich } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";
import { rows } from "./sources";

export type SyncedLine = { time_ms: number; text: string };
export type LyricsStatus = "found" | "instrumental" | "not_found" | "pending";

/** Parses LRC "[mm:ss.xx] text" lines (several stamps per line allowed), sorted by time. */
export function parseLrc(lrc: string): SyncedLine[] {
  const out: SyncedLine[] = [];
  for (const raw of lrc.split(/\r?\n/)) {
    const stamps = [...raw.matchAll(/\[(\d{1,3}):(\d{1,2}(?:[.:]\d{1,3})?)\]/g)];
    if (stamps.length === 0) continue;
    const text = raw.replace(/\[[^\]]*\]/g, "").trim();
    for (const m of stamps) {
      const seconds = Number((m[2] ?? "0").replace(":", "."));
      out.push({ time_ms: Math.round((Number(m[1]) * 60 + seconds) * 1000), text });
    }
  }
  return out.sort((a, b) => a.time_ms - b.time_ms);
}

/**
 * Lyrics for a track the caller may see (checked by the route). Nothing cached yet → "pending" and a
 * lookup is queued; the enrich job caches hits and misses (lyrics-api.md §4).
 */
export async function getLyrics(db: Db, trackId: number) {
  const [row] = await rows<{
    source: string | null;
    plain: string | null;
    synced: string | null;
    instrumental: boolean;
    found: boolean;
    credits: LyricsCredits | null;
  }>(
    db,
    sql`update lyrics set views = views + 1 where track_id = ${trackId}
      returning source, plain, synced, instrumental, found, credits`,
  );
  if (!row) {
    await enqueueEnrich(trackId).catch((err: unknown) =>
      log.warn("lyrics enqueue failed", { trackId, err: String(err) }),
    );
    return { status: "pending" as LyricsStatus, source: null, plain: null, synced: null, credits: null };
  }
  const status: LyricsStatus = row.instrumental
    ? "instrumental"
    : row.found && (row.plain || row.synced)
      ? "found"
      : "not_found";
  const synced = row.synced ? parseLrc(row.synced) : null;
  const plain = row.plain ?? (synced ? synced.map((l) => l.text).join("\n") : null);
  return {
    status,
    source: row.source,
    plain: status === "found" ? plain : null,
    synced: status === "found" && synced?.length ? synced : null,
    // Licensed texts (Yandex) name their writers and provider: shown with the text (lyrics-api.md §3).
    credits: status === "found" ? row.credits : null,
  };
}
