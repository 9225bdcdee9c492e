import { decodeBytes } from "./decode";
import { formatCount as fmt, formatBytes, ImportRefused } from "./errors";

/**
 * Streams the elements of a JSON document's row array without holding the document in memory: the
 * top-level array (Spotify, Last.fm pages, old ListenBrainz), or the arrays under a top-level object's keys
 * (`{"payload": [...]}`, our own export's `{"listens": [...]}`). Only the bytes of one element are kept at
 * a time; each element is handed to the native JSON.parse.
 *
 * Every byte is looked at once: an element that spans chunks is kept as the list of its pieces and joined
 * once when it ends (joining the carry onto each new chunk made one 64 MB element cost 60 s), and one
 * element may not exceed `maxElementBytes`.
 */
export type JsonElement =
  | { path: string | null; value: unknown; redecoded: boolean }
  | { path: string | null; error: string };

// A Last.fm page of 1000 scrobbles with images is about 1 MB; a Spotify row under 1 KB.
export const MAX_ELEMENT_BYTES = 16 * 1024 ** 2;
// Rows nest 5 levels at most (a Last.fm page's track's image list); JSON.parse spends ~5 µs per level of
// nesting, so a megabyte of brackets would hold the event loop for seconds.
export const MAX_ROW_DEPTH = 64;
export const TOO_DEEP = `Row nested more than ${MAX_ROW_DEPTH} levels deep`;

/** Whether a JSON text nests deeper than `max` (strings skipped), checked before JSON.parse sees it. */
export function nestedDeeperThan(text: string, max = MAX_ROW_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function tooLarge(index: number, at: number, max: number): ImportRefused {
  return new ImportRefused(
    `Row ${fmt(index + 1)} (from byte ${fmt(at)}) is larger than ${formatBytes(max)}: not a listening-history row.`,
    "record_too_large",
  );
}

/** Bytes of one element or key that may span chunks: pieces of earlier chunks and where it began. */
class Span {
  parts: Buffer[] = [];
  bytes = 0;
  start = -1; // in the current chunk; -1 when it began in an earlier one
  at = -1; // absolute offset of its first byte; -1 when nothing is being collected

  /** Lets go of the bytes kept so far (the span is still measured, not kept). */
  drop() {
    this.parts = [];
    this.bytes = 0;
  }
  begin(i: number, offset: number) {
    this.start = i;
    this.at = offset + i;
  }
  /** The span's bytes up to `end` (exclusive) of the current chunk. */
  take(buf: Buffer, end: number): Buffer {
    const tail = buf.subarray(Math.max(this.start, 0), end);
    const out = this.parts.length ? Buffer.concat([...this.parts, tail], this.bytes + tail.length) : tail;
    this.parts = [];
    this.bytes = 0;
    this.at = -1;
    return out;
  }
  /** At the end of a chunk: keep the open span's piece of it (only when it is to be parsed). */
  carry(buf: Buffer, keep: boolean) {
    if (this.at < 0) return;
    if (keep) {
      const piece = buf.subarray(Math.max(this.start, 0));
      this.parts.push(piece);
      this.bytes += piece.length;
    }
    this.start = -1;
  }
}

export async function* jsonElements(
  source: AsyncIterable<Buffer>,
  opts: { parse?: boolean; maxElementBytes?: number } = {},
): AsyncGenerator<JsonElement> {
  // Without parse, only the structure is checked and each element yields an undefined value (counting).
  const parse = opts.parse ?? true;
  const max = opts.maxElementBytes ?? MAX_ELEMENT_BYTES;
  let offset = 0; // bytes of the document before the current chunk
  let depth = 0;
  let top: "array" | "object" | null = null;
  let depth1Opener = 0; // what opened depth 2 under a top-level object
  let inStr = false;
  let slashes = 0; // backslashes that ended the previous chunk inside a string
  let lastKey: string | null = null;
  const key = new Span();
  const elem = new Span();
  let elements = 0;
  let tooDeep = false; // the current element nests deeper than MAX_ROW_DEPTH: measured, not kept
  let elemDepth = -1;
  let path: string | null = null;
  let done = false;

  for await (const buf of source) {
    const len = buf.length;
    let i = 0;
    while (i < len) {
      if (inStr) {
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          let k = 0;
          while (len - 1 - k >= i && buf[len - 1 - k] === BACKSLASH) k++;
          slashes = len - k === i && i === 0 ? slashes + k : k;
          i = len;
          break;
        }
        let k = 0;
        while (q - 1 - k >= i && buf[q - 1 - k] === BACKSLASH) k++;
        if (q - k === 0) k += slashes;
        slashes = 0;
        i = q + 1;
        if (k % 2 === 1) continue;
        inStr = false;
        if (key.at >= 0) {
          if (offset + q - key.at > max) throw tooLarge(elements, key.at, max);
          lastKey = key.take(buf, q).toString("utf8");
        }
        continue;
      }
      const c = buf[i] as number;
      if (c === QUOTE) {
        inStr = true;
        slashes = 0;
        if (depth === 1 && top === "object") key.begin(i + 1, offset);
      } else if (c === 0x7b || c === 0x5b) {
        if (done) throw new ImportRefused("The file has data after the end of its JSON.", "invalid_json");
        if (depth === 0) {
          top = c === 0x5b ? "array" : "object";
          if (top === "array") elemDepth = 1;
        } else if (depth === 1 && top === "object") {
          depth1Opener = c;
          if (c === 0x5b) {
            elemDepth = 2;
            path = lastKey;
          }
        }
        if (depth === elemDepth && elem.at < 0 && c === 0x7b) elem.begin(i, offset);
        depth++;
        if (elem.at >= 0 && !tooDeep && depth - elemDepth > MAX_ROW_DEPTH) {
          tooDeep = true;
          elem.drop();
        }
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth < 0)
          throw new ImportRefused("The JSON is malformed (unbalanced brackets).", "invalid_json");
        if (elem.at >= 0 && depth === elemDepth) {
          const at = elem.at;
          if (offset + i + 1 - at > max) throw tooLarge(elements, at, max);
          elements++;
          if (!parse || tooDeep) {
            elem.take(buf, 0);
            yield parse ? { path, error: TOO_DEEP } : { path, value: undefined, redecoded: false };
            tooDeep = false;
          } else {
            const { text, redecoded } = decodeBytes(elem.take(buf, i + 1));
            let value: unknown;
            try {
              value = JSON.parse(text);
            } catch {
              value = undefined;
            }
            yield value === undefined
              ? { path, error: "Invalid JSON in this row" }
              : { path, value, redecoded };
          }
        }
        if (depth === 1 && top === "object" && depth1Opener === 0x5b) elemDepth = -1;
        if (depth === 0) done = true;
      } else if (depth === 0 && c > 0x20 && !done) {
        throw new ImportRefused("This file is not JSON.", "invalid_json");
      }
      i++;
    }
    offset += len;
    if (elem.at >= 0 && offset - elem.at > max) throw tooLarge(elements, elem.at, max);
    if (key.at >= 0 && offset - key.at > max) throw tooLarge(elements, key.at, max);
    elem.carry(buf, parse && !tooDeep);
    key.carry(buf, true);
  }
  if (top === null) throw new ImportRefused("The file is empty.", "empty");
  if (!done || inStr) {
    throw new ImportRefused(
      "The file ends in the middle of its JSON: it looks truncated. Upload the complete file.",
      "truncated",
    );
  }
}
