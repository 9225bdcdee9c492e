import fs from "node:fs";
import { overBudget, yieldToLoop } from "@/lib/yield";
import { utf8Bytes } from "./decode";
import { jsonElements, nestedDeeperThan, TOO_DEEP } from "./json-stream";
import { csvRecords, decodedLines } from "./lines";
import { mapMusictrace } from "./map-musictrace";
import { mapLastfmCsv, mapLastfmJson, mapLastfmPlain, mapListenBrainz } from "./map-scrobbles";
import { mapAccount, mapExtended } from "./map-spotify";
import type { ImportFormat, MapContext, Mapped } from "./types";
import { isObj } from "./types";
import { openZipMember } from "./zip";

export type FileRef = { path: string; entry: string | null; format: ImportFormat };
export type RawRow = { value: unknown; redecoded: boolean } | { error: string };

export async function openBytes(ref: { path: string; entry: string | null }): Promise<AsyncIterable<Buffer>> {
  const raw = ref.entry
    ? await openZipMember(ref.path, ref.entry)
    : fs.createReadStream(ref.path, { highWaterMark: 256 * 1024 });
  return utf8Bytes(raw);
}

/** The rows of one file, one per listen-like record, in file order (the order checkpoints count in). */
export async function* rawRows(ref: FileRef): AsyncGenerator<RawRow> {
  const bytes = await openBytes(ref);
  switch (ref.format) {
    case "listenbrainz-jsonl":
      for await (const line of decodedLines(bytes)) {
        if (line.text.trim() === "") continue;
        if (nestedDeeperThan(line.text)) {
          yield { error: TOO_DEEP };
          continue;
        }
        try {
          yield { value: JSON.parse(line.text), redecoded: line.redecoded };
        } catch {
          yield { error: "Invalid JSON in this line" };
        }
      }
      return;
    case "lastfm-csv": {
      let header: string[] | null = null;
      for await (const rec of csvRecords(bytes)) {
        if (!header) {
          header = rec.fields.map((f) => f.trim().toLowerCase());
          continue;
        }
        const h = header;
        yield {
          value: Object.fromEntries(rec.fields.map((f, i) => [h[i] ?? `c${i}`, f])),
          redecoded: rec.redecoded,
        };
      }
      return;
    }
    case "lastfm-csv-plain":
      for await (const rec of csvRecords(bytes)) yield { value: rec.fields, redecoded: rec.redecoded };
      return;
    default:
      for await (const el of jsonElements(bytes)) {
        if ("error" in el) {
          yield el;
          continue;
        }
        if (ref.format === "musictrace" && el.path !== "listens") continue;
        if (ref.format === "listenbrainz-json" && el.path !== null && el.path !== "payload") continue;
        if (ref.format === "lastfm-json") {
          // ghan.nl: an array of pages, each with its `track` array (sometimes under `recenttracks`).
          const page = isObj(el.value) && isObj(el.value.recenttracks) ? el.value.recenttracks : el.value;
          if (isObj(page) && Array.isArray(page.track)) {
            for (const t of page.track) yield { value: t, redecoded: el.redecoded };
            continue;
          }
        }
        yield el;
      }
  }
}

/**
 * How many rows `rawRows` will yield, reading the whole file (so a truncated file fails here, before
 * anything is written). Where one JSON element is one row, only the structure is scanned, not parsed.
 */
export async function countRows(ref: FileRef): Promise<number> {
  let n = 0;
  if (
    ref.format === "spotify-extended" ||
    ref.format === "spotify-account" ||
    ref.format === "spotify-account-podcast"
  ) {
    for await (const _ of jsonElements(await openBytes(ref), { parse: false })) {
      if ((++n & 255) === 0 && overBudget()) await yieldToLoop();
    }
  } else {
    // A stream's buffered chunks parse in one run of microtasks: without a yield, a whole file at once.
    for await (const _ of rawRows(ref)) {
      if ((++n & 255) === 0 && overBudget()) await yieldToLoop();
    }
  }
  return n;
}

const isStr = (v: unknown): v is string => typeof v === "string";

export function mapRow(format: ImportFormat, value: unknown, ctx: MapContext): Mapped {
  switch (format) {
    case "spotify-extended":
      return mapExtended(value, ctx);
    case "spotify-account":
      return mapAccount(value, ctx);
    case "spotify-account-podcast":
      return { skip: "podcasts" };
    case "lastfm-json":
      return mapLastfmJson(value, ctx);
    case "lastfm-csv":
      return isObj(value) && Object.values(value).every(isStr)
        ? mapLastfmCsv(value as Record<string, string>, ctx)
        : { reject: "bad CSV row" };
    case "lastfm-csv-plain":
      return Array.isArray(value) && value.every(isStr)
        ? mapLastfmPlain(value as string[], ctx)
        : { reject: "bad CSV row" };
    case "listenbrainz-json":
    case "listenbrainz-jsonl":
      return mapListenBrainz(value, ctx);
    case "musictrace":
      return mapMusictrace(value, ctx);
  }
}
