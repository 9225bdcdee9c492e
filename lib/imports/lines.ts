import { isUtf8 } from "node:buffer";
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { type Decoded, decodeBytes, legacyDecode } from "./decode";
import { formatCount as fmt, ImportRefused, formatBytes as mb } from "./errors";

// A Last.fm CSV row or a ListenBrainz line is under 10 KB (ListenBrainz caps a listen at 10,240 bytes).
export const MAX_LINE_BYTES = 1024 ** 2;

/**
 * Byte lines (LF or CRLF), each decoded on its own so one legacy-encoded row does not spoil the rest. A
 * line spanning chunks is kept as the list of its pieces and joined once, so every byte is copied once.
 */
export async function* decodedLines(
  source: AsyncIterable<Buffer>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<Decoded> {
  let parts: Buffer[] = [];
  let held = 0;
  let line = 0;
  for await (const chunk of source) {
    let start = 0;
    let nl = chunk.indexOf(0x0a);
    while (nl >= 0) {
      let bytes = chunk.subarray(start, nl);
      if (parts.length) {
        parts.push(bytes);
        bytes = Buffer.concat(parts, held + bytes.length);
        parts = [];
        held = 0;
      }
      line++;
      const end = bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
      if (end > maxBytes) throw lineTooLong(line, maxBytes);
      yield decodeBytes(bytes.subarray(0, end));
      start = nl + 1;
      nl = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      held += chunk.length - start;
      // +1: a CR that ends the line is not part of it.
      if (held > maxBytes + 1) throw lineTooLong(line + 1, maxBytes);
    }
  }
  if (held) {
    const bytes = Buffer.concat(parts, held);
    const end = bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    if (end > maxBytes) throw lineTooLong(line + 1, maxBytes);
    yield decodeBytes(bytes.subarray(0, end));
  }
}

function lineTooLong(line: number, maxBytes: number): ImportRefused {
  return new ImportRefused(
    `Line ${fmt(line)} is longer than ${mb(maxBytes)}: not a listening-history row.`,
    "record_too_large",
  );
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * The bytes again as UTF-8, in whole lines: a line that is not UTF-8 is read in its legacy code page and
 * its number goes to `legacy`. Only the unfinished last line of a chunk is carried (and only up to
 * `maxBytes`: a longer line is passed on for the CSV parser to refuse).
 */
async function* utf8Lines(source: AsyncIterable<Buffer>, legacy: number[], maxBytes: number) {
  let carry: Buffer[] = [];
  let held = 0;
  let line = 1; // the line the next byte belongs to
  const transcode = (region: Buffer): Buffer => {
    if (isUtf8(region)) {
      line += countLines(region);
      return region;
    }
    const out: string[] = [];
    let start = 0;
    while (start < region.length) {
      const nl = region.indexOf(0x0a, start);
      const end = nl < 0 ? region.length : nl + 1;
      const bytes = region.subarray(start, end);
      if (isUtf8(bytes)) out.push(bytes.toString("utf8"));
      else {
        legacy.push(line);
        out.push(legacyDecode(bytes).decode(bytes));
      }
      if (nl >= 0) line++;
      start = end;
    }
    return Buffer.from(out.join(""), "utf8");
  };
  for await (const chunk of source) {
    const last = chunk.lastIndexOf(0x0a);
    if (last < 0) {
      carry.push(chunk);
      held += chunk.length;
      if (held > maxBytes) {
        yield Buffer.concat(carry, held);
        carry = [];
        held = 0;
      }
      continue;
    }
    const head = chunk.subarray(0, last + 1);
    yield transcode(carry.length ? Buffer.concat([...carry, head], held + head.length) : head);
    carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    held = chunk.length - last - 1;
  }
  if (held) yield transcode(Buffer.concat(carry, held));
}

function csvRefusal(err: CsvError, startLine: number, maxBytes: number): ImportRefused {
  if (err.code === "CSV_MAX_RECORD_SIZE") {
    return new ImportRefused(
      `The row starting on line ${fmt(startLine)} is longer than ${mb(maxBytes)}: a quote (") that is never closed?`,
      "record_too_large",
    );
  }
  if (err.code === "CSV_QUOTE_NOT_CLOSED") {
    return new ImportRefused(
      `The quote (") opened in the row on line ${fmt(startLine)} is never closed.`,
      "invalid_csv",
    );
  }
  return new ImportRefused(`Line ${fmt(startLine)}: the CSV is malformed (${err.message}).`, "invalid_csv");
}

/**
 * CSV records (RFC 4180, quoted newlines and "" escapes) by csv-parse, which reads every byte once. Rows
 * may differ in length (benjaminbenben's exporter leaves commas in names unquoted) and stray quotes
 * inside unquoted fields are kept as text; a quoted field that never closes refuses the file, naming the
 * line where its row starts.
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<{ fields: string[]; redecoded: boolean; line: number }> {
  const legacy: number[] = [];
  // Set by csv-parse's callback (a holder: TypeScript cannot see the callback assign a local).
  const failed: { at: { err: CsvError; records: number } | null } = { at: null };
  const input = Readable.from(utf8Lines(source, legacy, maxBytes), { objectMode: false });
  const parser = parse({
    relax_quotes: true,
    relax_column_count: true,
    // Both, always: csv-parse would otherwise keep to the first ending it sees, and files mix them.
    record_delimiter: ["\r\n", "\n"],
    max_record_size: maxBytes,
    // An error must not throw away the records parsed before it (a stream error would): it is noted with
    // how many records came first, and thrown once those are read. Nothing after it is read.
    skip_records_with_error: true,
    on_skip: (err) => {
      if (failed.at || !(err instanceof CsvError)) return;
      failed.at = { err, records: parser.info.records };
      setImmediate(() => {
        input.unpipe(parser);
        input.destroy();
        parser.end();
      });
    },
  });
  input.on("error", (err) => parser.destroy(err));
  input.pipe(parser);
  let line = 0; // the line the previous record ended on
  let seen = 0;
  let head = 0;
  const refuse = (f: { err: CsvError }) => csvRefusal(f.err, line + 1, maxBytes);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (failed.at && seen >= failed.at.records) throw refuse(failed.at);
      seen++;
      const start = line + 1;
      line = start;
      for (const field of record) if (field.includes("\n")) line += field.split("\n").length - 1;
      let redecoded = false;
      while (head < legacy.length && (legacy[head] as number) <= line) {
        redecoded = true;
        head++;
      }
      if (head > 1024) {
        legacy.splice(0, head);
        head = 0;
      }
      if (record.length === 1 && (record[0] as string).trim() === "") continue;
      yield { fields: record, redecoded, line: start };
    }
    if (failed.at) throw refuse(failed.at);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** The fields of the first record of a text (format detection reads the first line of a file). */
export function parseCsvLine(text: string): string[] | null {
  try {
    const [first] = parseSync(text, {
      relax_quotes: true,
      relax_column_count: true,
      record_delimiter: ["\r\n", "\n"],
      to: 1,
    }) as string[][];
    return first ?? null;
  } catch {
    return null;
  }
}
