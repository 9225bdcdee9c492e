/**
 * npm run bench:parsers [-- --case NAME] [-- --mb 64]
 * Reads normal and adversarial history files through the import's parsers (rawRows, as the job reads them)
 * and reports seconds, rows and peak RSS per case. Each case runs in its own process so its peak RSS is its
 * own. The adversarial cases are the ones of issue #17: a Last.fm CSV with one unclosed quote, one huge
 * JSON element, one huge JSON-lines line.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ImportRefused } from "@/lib/imports/errors";
import { rawRows } from "@/lib/imports/read";
import type { ImportFormat } from "@/lib/imports/types";

const { values } = parseArgs({
  options: { case: { type: "string" }, mb: { type: "string", default: "64" } },
});
const MB = 1024 ** 2;
const bigMb = Number(values.mb);

// ghan.nl quotes only fields that need it, so a real export has long runs of rows without a quote.
const csvRow = (i: number) => `${1700000000 + i},01 Jan 2024 00:00,Artist ${i},,Album ${i % 50},,Track ${i},`;
const CSV_HEADER = "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid";

function csv(bytes: number, unclosed: boolean): string {
  const rows = [CSV_HEADER];
  let size = CSV_HEADER.length;
  for (let i = 0; size < bytes; i++) {
    const row =
      unclosed && i === 1 ? `${1700000000 + i},01 Jan 2024 00:00,"Artist,,Album,,Track,` : csvRow(i);
    rows.push(row);
    size += row.length + 1;
  }
  return `${rows.join("\n")}\n`;
}

const extendedRow = (i: number) =>
  JSON.stringify({
    ts: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ms_played: 200_000,
    master_metadata_track_name: `Track ${i}`,
    master_metadata_album_artist_name: `Artist ${i % 100}`,
    spotify_track_uri: `spotify:track:${String(i).padStart(22, "A")}`,
    reason_end: "trackdone",
  });

const lbLine = (i: number) =>
  JSON.stringify({
    listened_at: 1700000000 + i * 60,
    recording_msid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    track_metadata: { artist_name: `Artist ${i % 100}`, track_name: `Track ${i}` },
  });

function rowsUpTo(bytes: number, row: (i: number) => string, sep: string): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = row(i);
    out.push(r);
    size += r.length + sep.length;
  }
  return out;
}

type Case = { file: string; format: ImportFormat; make: () => string };
const CASES: Record<string, Case> = {
  "csv-normal-391k": { file: "a.csv", format: "lastfm-csv", make: () => csv(391 * 1024, false) },
  "csv-normal-big": { file: "n.csv", format: "lastfm-csv", make: () => csv(bigMb * MB, false) },
  "csv-unclosed-195k": { file: "b.csv", format: "lastfm-csv", make: () => csv(195 * 1024, true) },
  "csv-unclosed-391k": { file: "c.csv", format: "lastfm-csv", make: () => csv(391 * 1024, true) },
  "csv-unclosed-4m": { file: "d.csv", format: "lastfm-csv", make: () => csv(4 * MB, true) },
  "json-normal": {
    file: "e.json",
    format: "spotify-extended",
    make: () => `[\n${rowsUpTo(bigMb * MB, extendedRow, ",\n").join(",\n")}\n]`,
  },
  "json-one-element": {
    file: "f.json",
    format: "spotify-extended",
    make: () => `[{"spotify_track_uri":"spotify:track:x","ts":"${"x".repeat(bigMb * MB)}"}]`,
  },
  "jsonl-normal": {
    file: "g.jsonl",
    format: "listenbrainz-jsonl",
    make: () => `${rowsUpTo(bigMb * MB, lbLine, "\n").join("\n")}\n`,
  },
  "jsonl-one-line": {
    file: "h.jsonl",
    format: "listenbrainz-jsonl",
    make: () => `{"listened_at":1700000000,"track_metadata":{"track_name":"${"x".repeat(bigMb * MB)}"}}\n`,
  },
};

async function runCase(name: string, c: Case): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-bench-parsers-"));
  const file = path.join(dir, c.file);
  fs.writeFileSync(file, c.make());
  const size = fs.statSync(file).size;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  // The sampler cannot run while a parser blocks the loop: the kernel's high-water mark catches those.
  const t = performance.now();
  let rows = 0;
  let errors = 0;
  let outcome = "ok";
  let maxGapMs = 0;
  let last = performance.now();
  const gaps = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  try {
    for await (const r of rawRows({ path: file, entry: null, format: c.format })) {
      rows++;
      if ("error" in r) errors++;
    }
  } catch (err) {
    outcome =
      err instanceof ImportRefused ? `refused (${err.code}): ${err.message}` : `CRASH: ${String(err)}`;
  }
  const sec = (performance.now() - t) / 1000;
  clearInterval(sampler);
  clearInterval(gaps);
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `[bench:parsers] ${name.padEnd(18)} ${(size / MB).toFixed(2).padStart(7)} MB  ${sec.toFixed(2).padStart(6)} s  ` +
      `${String(rows).padStart(7)} rows (${errors} row errors)  peak RSS ${Math.round(maxRss / MB)} MB ` +
      `(+${Math.round((maxRss - rssBefore) / MB)})  longest event-loop stall ${Math.round(maxGapMs)} ms  ${outcome}`,
  );
}

if (values.case) {
  const c = CASES[values.case];
  if (!c) throw new Error(`unknown case ${values.case}`);
  await runCase(values.case, c);
} else {
  for (const name of Object.keys(CASES)) {
    try {
      execFileSync(
        process.execPath,
        [...process.execArgv, process.argv[1] as string, "--case", name, "--mb", String(bigMb)],
        { stdio: "inherit", timeout: 120_000 },
      );
    } catch {
      console.log(`[bench:parsers] ${name.padEnd(18)} did not finish within 120 s (stopped)`);
    }
  }
}
