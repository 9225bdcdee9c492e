/**
 * Text decoding that survives real exports: UTF-8 (with or without BOM), UTF-16 with BOM, and files where
 * some rows were saved in a legacy code page (Windows-1251 for Russian names, Windows-1252 otherwise).
 */
const utf8 = new TextDecoder("utf-8", { fatal: true });
const cp1251 = new TextDecoder("windows-1251");
const cp1252 = new TextDecoder("windows-1252");

export type Decoded = { text: string; redecoded: boolean };

/** Cyrillic in Windows-1251 comes in runs of high bytes; Latin accents are single high bytes in words. */
function looksCyrillic(bytes: Uint8Array): boolean {
  let high = 0;
  let inRuns = 0;
  let run = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const b = i < bytes.length ? (bytes[i] as number) : 0;
    if (b >= 0x80) {
      high++;
      run++;
    } else {
      if (run >= 3) inRuns += run;
      run = 0;
    }
  }
  return high > 0 && inRuns / high > 0.5;
}

/** The code page bytes that are not UTF-8 were most likely written in. */
export const legacyDecode = (bytes: Uint8Array): TextDecoder => (looksCyrillic(bytes) ? cp1251 : cp1252);

export function decodeBytes(bytes: Uint8Array): Decoded {
  try {
    return { text: utf8.decode(bytes), redecoded: false };
  } catch {
    return { text: legacyDecode(bytes).decode(bytes), redecoded: true };
  }
}

/**
 * Strips a UTF-8 BOM and transcodes UTF-16 (BOM-marked) to UTF-8, so parsers can scan bytes: in UTF-8 and
 * in single-byte code pages every structural character ({ } [ ] " , newline) is a plain ASCII byte.
 */
export async function* utf8Bytes(source: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  let first = true;
  let utf16: TextDecoder | null = null;
  for await (const raw of source) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      else if (chunk[0] === 0xff && chunk[1] === 0xfe) utf16 = new TextDecoder("utf-16le");
      else if (chunk[0] === 0xfe && chunk[1] === 0xff) utf16 = new TextDecoder("utf-16be");
    }
    if (utf16) yield Buffer.from(utf16.decode(chunk, { stream: true }), "utf8");
    else if (chunk.length) yield chunk;
  }
  if (utf16) {
    const tail = utf16.decode();
    if (tail) yield Buffer.from(tail, "utf8");
  }
}
