import { decodeBytes } from "./decode";
import { ImportRefused } from "./errors";

/**
 * Streams the elements of a JSON document's row array without holding the document in memory: the
 * top-level array (Spotify, Last.fm pages, old ListenBrainz), or the arrays under a top-level object's keys
 * (`{"payload": [...]}`, our own export's `{"listens": [...]}`). Only the bytes of one element are kept at
 * a time; each element is handed to the native JSON.parse.
 */
export type JsonElement =
  | { path: string | null; value: unknown; redecoded: boolean }
  | { path: string | null; error: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export async function* jsonElements(
  source: AsyncIterable<Buffer>,
  opts: { parse?: boolean } = {},
): AsyncGenerator<JsonElement> {
  // Without parse, only the structure is checked and each element yields an undefined value (counting).
  const parse = opts.parse ?? true;
  let carry: Buffer = Buffer.alloc(0);
  let pos = 0; // next byte to scan in the current buffer
  let depth = 0;
  let top: "array" | "object" | null = null;
  let depth1Opener = 0; // what opened depth 2 under a top-level object
  let inStr = false;
  let strStart = -1;
  let lastKey: string | null = null;
  let elemStart = -1;
  let elemDepth = -1;
  let path: string | null = null;
  let done = false;

  for await (const chunk of source) {
    const buf: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const len = buf.length;
    let i = pos;
    while (i < len) {
      if (inStr) {
        const q = buf.indexOf(QUOTE, i);
        if (q < 0) {
          i = len;
          break;
        }
        let k = 0;
        while (q - 1 - k >= 0 && buf[q - 1 - k] === BACKSLASH) k++;
        i = q + 1;
        if (k % 2 === 1) continue;
        inStr = false;
        if (depth === 1 && top === "object") lastKey = buf.toString("utf8", strStart + 1, q);
        continue;
      }
      const c = buf[i] as number;
      if (c === QUOTE) {
        inStr = true;
        strStart = i;
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
        if (depth === elemDepth && elemStart < 0 && c === 0x7b) elemStart = i;
        depth++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth < 0)
          throw new ImportRefused("The JSON is malformed (unbalanced brackets).", "invalid_json");
        if (elemStart >= 0 && depth === elemDepth) {
          const bytes = buf.subarray(elemStart, i + 1);
          elemStart = -1;
          if (!parse) yield { path, value: undefined, redecoded: false };
          else {
            const { text, redecoded } = decodeBytes(bytes);
            try {
              yield { path, value: JSON.parse(text), redecoded };
            } catch {
              yield { path, error: "Invalid JSON in this row" };
            }
          }
        }
        if (depth === 1 && top === "object" && depth1Opener === 0x5b) elemDepth = -1;
        if (depth === 0) done = true;
      } else if (depth === 0 && c > 0x20 && !done) {
        throw new ImportRefused("This file is not JSON.", "invalid_json");
      }
      i++;
    }
    // Keep only the unfinished element (or key string) for the next chunk.
    const keep = elemStart >= 0 ? elemStart : inStr && depth === 1 ? strStart : len;
    carry = buf.subarray(keep);
    pos = len - keep;
    if (elemStart >= 0) elemStart -= keep;
    if (inStr && strStart >= keep) strStart -= keep;
  }
  if (top === null) throw new ImportRefused("The file is empty.", "empty");
  if (!done || inStr) {
    throw new ImportRefused(
      "The file ends in the middle of its JSON: it looks truncated. Upload the complete file.",
      "truncated",
    );
  }
}
