import { describe, expect, it } from "vitest";
import { ImportRefused } from "./errors";
import { jsonElements } from "./json-stream";
import { csvRecords, decodedLines } from "./lines";

/**
 * Work per MB is bounded: each adversarial input is parsed at two sizes, 8× apart, and the larger may take
 * at most 32× as long (linear work gives 8×, quadratic 64×; the previous parsers measured 35–490×; a busy
 * CI machine pushed a linear parser's garbage collection to 27×, so the bound sits at half of quadratic). No fixed
 * milliseconds: the baseline is the smaller run in the same test, both in CPU time. Caps are lifted so
 * the parsers scan everything rather than stopping early.
 */
const KB = 1024;
const BIG = 1024 ** 3;

// Small chunks: a parser that re-copies or re-scans what it carries over pays for it once per chunk.
async function* chunks(buf: Buffer, size = 4 * KB): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function drain(gen: AsyncIterable<unknown>): Promise<void> {
  try {
    for await (const _ of gen) {
      // only the work counts
    }
  } catch (err) {
    if (!(err instanceof ImportRefused)) throw err;
  }
}

// CPU time of this process (other processes' load does not count) for one parse.
async function cpu(make: () => AsyncIterable<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await drain(make());
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/**
 * The least CPU time of several runs of each, the two sizes taking turns: a loaded machine slows a stretch
 * of runs (its caches, the GC's helper threads), so both sizes see every stretch (measured apart, one
 * ratio once reached 74 under a full parallel test run).
 */
async function leastOfEach(runs: number, ...parses: (() => AsyncIterable<unknown>)[]): Promise<number[]> {
  const best = parses.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0; i < runs; i++) {
    for (const [k, parse] of parses.entries()) best[k] = Math.min(best[k] as number, await cpu(parse));
  }
  return best;
}

const csvOpenQuote = (bytes: number) =>
  Buffer.from(`uts,artist,track\n1,"open,x\n${"2,artist name,track title\n".repeat(bytes / 25)}`);
const jsonOneElement = (bytes: number) => Buffer.from(`[{"ts":"${"x".repeat(bytes)}"}]`);
const jsonEscapes = (bytes: number) => Buffer.from(`[{"ts":"${'\\\\\\"'.repeat(bytes / 4)}"}]`);
const jsonDeep = (bytes: number) => Buffer.from(`[{"a":${"[".repeat(bytes / 2)}${"]".repeat(bytes / 2)}}]`);
const oneLine = (bytes: number) => Buffer.from(`{"listened_at":1,"x":"${"y".repeat(bytes)}"}\n`);

const cases: [string, (n: number) => Buffer, (b: Buffer) => AsyncIterable<unknown>][] = [
  ["CSV with a quote that never closes", csvOpenQuote, (b) => csvRecords(chunks(b), BIG)],
  ["one huge JSON element", jsonOneElement, (b) => jsonElements(chunks(b), { maxElementBytes: BIG })],
  [
    "one huge JSON element, counted",
    jsonOneElement,
    (b) => jsonElements(chunks(b), { maxElementBytes: BIG, parse: false }),
  ],
  ["a JSON string of escaped quotes", jsonEscapes, (b) => jsonElements(chunks(b), { maxElementBytes: BIG })],
  ["deeply nested JSON", jsonDeep, (b) => jsonElements(chunks(b), { maxElementBytes: BIG })],
  ["one huge JSON line", oneLine, (b) => decodedLines(chunks(b), BIG)],
];

describe("parsers do bounded work per MB", () => {
  it.each(cases)("%s", async (_name, make, parse) => {
    const small = make(1024 * KB);
    const large = make(8192 * KB);
    await cpu(() => parse(small)); // warm-up: the first run pays for compilation
    const [s, l] = await leastOfEach(
      5,
      () => parse(small),
      () => parse(large),
    );
    const ratio = (l as number) / (s as number);
    expect(ratio).toBeLessThan(32);
  });
});
