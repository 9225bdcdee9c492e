import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect";
import { ImportRefused } from "./errors";
import { jsonElements } from "./json-stream";
import { csvRecords, decodedLines } from "./lines";
import { mapRow } from "./read";
import { IMPORT_FORMATS } from "./types";

/** The bytes cut at the given points (any order, any repeats), as a parser's source. */
async function* split(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of points) {
    yield bytes.subarray(from, p);
    from = p;
  }
  yield bytes.subarray(from);
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

/** Runs a parser to its end: "ok" or the code of our typed refusal; anything else is a crash and rethrown. */
async function outcome(gen: AsyncIterable<unknown>): Promise<string> {
  try {
    await collect(gen);
    return "ok";
  } catch (err) {
    if (err instanceof ImportRefused) return err.code;
    throw err;
  }
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });
// Characters that matter to the parsers, plus multi-byte ones that chunk cuts split.
const tricky = fc.constantFrom(
  "a",
  "Z",
  " ",
  ",",
  '"',
  "\\",
  "\n",
  "\r",
  "{",
  "}",
  "[",
  "]",
  ":",
  "é",
  "Я",
  "😀",
);
const text = fc.string({ unit: tricky, maxLength: 30 });
const runs = { numRuns: 300 };

describe("jsonElements (property)", () => {
  const rows = fc.array(fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), { maxLength: 8 });

  it("yields the same rows however the document is split into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        rows,
        fc.boolean(),
        fc.constantFrom(undefined, 2),
        cuts,
        async (r, wrap, indent, c) => {
          const doc = Buffer.from(
            JSON.stringify(wrap ? { listen_type: "import", payload: r } : r, null, indent),
          );
          const els = await collect(jsonElements(split(doc, c)));
          // Through JSON once (-0 is written as 0).
          const want: unknown[] = JSON.parse(JSON.stringify(r));
          expect(els).toEqual(
            want.map((value) => ({ path: wrap ? "payload" : null, value, redecoded: false })),
          );
          expect(await collect(jsonElements(split(doc, c), { parse: false }))).toHaveLength(r.length);
        },
      ),
      runs,
    );
  });

  it("never crashes on arbitrary bytes: rows, row errors or a typed refusal", async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.string({ unit: tricky, maxLength: 200 }).map((s) => Buffer.from(`[${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, cuts, fc.boolean(), async (b, c, parse) => {
        expect(
          ["ok", "empty", "truncated", "invalid_json", "record_too_large"].includes(
            await outcome(jsonElements(split(b, c), { parse, maxElementBytes: 64 })),
          ),
        ).toBe(true);
      }),
      runs,
    );
  });

  it("refuses an element over the cap identically however it is split", async () => {
    await fc.assert(
      fc.asyncProperty(rows, cuts, fc.integer({ min: 2, max: 200 }), async (r, c, max) => {
        const doc = Buffer.from(JSON.stringify(r));
        const whole = await outcome(jsonElements(split(doc, []), { maxElementBytes: max }));
        expect(await outcome(jsonElements(split(doc, c), { maxElementBytes: max }))).toBe(whole);
        expect(await outcome(jsonElements(split(doc, c), { maxElementBytes: max, parse: false }))).toBe(
          whole,
        );
      }),
      runs,
    );
  });
});

/** RFC 4180 as exporters write it: quotes only where needed (always around a CR, which is otherwise ambiguous). */
const csvField = (f: string) => (/[",\n\r]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f);

describe("csvRecords (property)", () => {
  const records = fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { maxLength: 10 });

  it("yields the same records however the file is split, with LF or CRLF", async () => {
    await fc.assert(
      fc.asyncProperty(
        records,
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        cuts,
        async (recs, eol, last, c) => {
          const file = Buffer.from(recs.map((r) => r.map(csvField).join(",")).join(eol) + (last ? eol : ""));
          const got = await collect(csvRecords(split(file, c)));
          // A record of one blank field is a blank line, which readers skip.
          const want = recs.filter((r) => !(r.length === 1 && (r[0] as string).trim() === ""));
          expect(got.map((g) => g.fields)).toEqual(want);
          expect(got.every((g) => !g.redecoded)).toBe(true);
        },
      ),
      runs,
    );
  });

  it("never crashes on arbitrary bytes, and refuses identically however they are split", async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.string({ unit: tricky, maxLength: 300 }).map((s) => Buffer.from(s)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, cuts, async (b, c) => {
        const whole = await outcome(csvRecords(split(b, []), 64));
        expect(["ok", "invalid_csv", "record_too_large"]).toContain(whole);
        expect(await outcome(csvRecords(split(b, c), 64))).toBe(whole);
      }),
      runs,
    );
  });
});

describe("decodedLines (property)", () => {
  it("yields the same lines however the file is split", async () => {
    const line = fc.string({ unit: fc.constantFrom("a", " ", "é", "😀", "\r", ","), maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 10 }),
        fc.constantFrom("\n", "\r\n"),
        cuts,
        async (ls, eol, c) => {
          const clean = ls.map((l) => l.replace(/\r+$/, ""));
          const got = await collect(decodedLines(split(Buffer.from(clean.join(eol)), c)));
          const want = clean.at(-1) === "" ? clean.slice(0, -1) : clean;
          expect(got.map((g) => g.text)).toEqual(want);
        },
      ),
      runs,
    );
  });

  it("never crashes on arbitrary bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), cuts, async (b, c) => {
        const whole = await outcome(decodedLines(split(Buffer.from(b), []), 32));
        expect(["ok", "record_too_large"]).toContain(whole);
        expect(await outcome(decodedLines(split(Buffer.from(b), c), 32))).toBe(whole);
      }),
      runs,
    );
  });
});

describe("format detection and row mapping (property)", () => {
  it("never throw on arbitrary input", () => {
    const ctx = { now: Date.UTC(2026, 0, 1), keepIncognito: false };
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 200 }), (s) => {
        detectFormat(s);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.constantFrom(...IMPORT_FORMATS), fc.anything({ maxDepth: 3 }), (format, value) => {
        const m = mapRow(format, value, ctx);
        expect("row" in m || "skip" in m || "reject" in m).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
