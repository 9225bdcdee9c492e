import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeZip } from "@/test/helpers/zip";
import { decodeBytes, utf8Bytes } from "./decode";
import { describeUpload, detectFormat } from "./detect";
import { ImportRefused } from "./errors";
import { jsonElements, nestedDeeperThan, TOO_DEEP } from "./json-stream";
import { csvRecords, decodedLines, parseCsvLine } from "./lines";
import { mapExtended } from "./map-spotify";
import { rawRows } from "./read";

async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

async function tmpFile(name: string, data: Buffer | string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mt-parse-"));
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}

describe("jsonElements", () => {
  const doc = JSON.stringify([
    { a: 'x "quoted" ] } [ {', b: [1, { c: "\\" }] },
    { a: "Привет \\\\", n: null },
  ]);

  it.each([1, 3, 7, 64 * 1024])("streams elements across chunk boundaries of %i bytes", async (size) => {
    const els = await collect(jsonElements(chunks(doc, size)));
    expect(els.map((e) => ("value" in e ? e.value : e))).toEqual(JSON.parse(doc));
  });

  it("reads the arrays under a top-level object's keys", async () => {
    const els = await collect(
      jsonElements(chunks(JSON.stringify({ listen_type: "import", payload: [{ x: 1 }, { x: 2 }] }), 5)),
    );
    expect(els).toEqual([
      { path: "payload", value: { x: 1 }, redecoded: false },
      { path: "payload", value: { x: 2 }, redecoded: false },
    ]);
  });

  it.each([true, false])(
    "refuses truncated, non-JSON and empty input with a reason (parse: %s)",
    async (parse) => {
      const code = async (text: string) =>
        collect(jsonElements(chunks(text, 4), { parse })).then(
          () => "ok",
          (e: unknown) => (e instanceof ImportRefused ? e.code : String(e)),
        );
      expect(await code(doc.slice(0, -20))).toBe("truncated");
      expect(await code('[{"a": "unterminated')).toBe("truncated");
      expect(await code("artist,track\nx,y")).toBe("invalid_json");
      expect(await code("   ")).toBe("empty");
    },
  );

  it("counts the same elements without parsing them", async () => {
    expect(await collect(jsonElements(chunks(doc, 5), { parse: false }))).toHaveLength(2);
  });

  it("reads UTF-16 files with a BOM", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"a":"ё"}]', "utf16le")]);
    const els = await collect(jsonElements(utf8Bytes(chunks(utf16, 3))));
    expect(els).toEqual([{ path: null, value: { a: "ё" }, redecoded: false }]);
  });
});

describe("text decoding and CSV", () => {
  it("reads legacy code pages row by row", () => {
    expect(decodeBytes(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]))).toEqual({
      text: "Привет",
      redecoded: true,
    });
    expect(decodeBytes(Buffer.from("Beyonc\xe9", "latin1"))).toEqual({ text: "Beyoncé", redecoded: true });
    expect(decodeBytes(Buffer.from("Beyoncé"))).toEqual({ text: "Beyoncé", redecoded: false });
  });

  it("parses quoted fields, escaped quotes and quoted newlines", async () => {
    expect(parseCsvLine('a,"b, c","d ""e""",')).toEqual(["a", "b, c", 'd "e"', ""]);
    const recs = await collect(csvRecords(chunks('x,"multi\nline",z\r\n1,2,3\n', 2)));
    expect(recs.map((r) => r.fields)).toEqual([
      ["x", "multi\nline", "z"],
      ["1", "2", "3"],
    ]);
  });
});

describe("caps and clear refusals", () => {
  const refusal = (gen: AsyncIterable<unknown>) =>
    collect(gen).then(
      () => "ok",
      (e: unknown) => (e instanceof ImportRefused ? `${e.code}: ${e.message}` : `crash: ${String(e)}`),
    );

  it("refuses a JSON element over the cap, naming the row and byte, however the file is split", async () => {
    const doc = `[{"a":1},\n{"b":"${"x".repeat(5000)}"}]`;
    for (const size of [1, 100, 64 * 1024]) {
      expect(await refusal(jsonElements(chunks(doc, size), { maxElementBytes: 4096 }))).toBe(
        "record_too_large: Row 2 (from byte 10) is larger than 4 KB: not a listening-history row.",
      );
      expect(await refusal(jsonElements(chunks(doc, size), { maxElementBytes: 4096, parse: false }))).toMatch(
        /^record_too_large: Row 2/,
      );
    }
  });

  it("turns a row nested too deeply into a row error without parsing it", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const doc = `[{"a":1},{"b":${deep}},{"c":"[[[["}]`;
    for (const size of [3, 4096]) {
      expect(await collect(jsonElements(chunks(doc, size)))).toEqual([
        { path: null, value: { a: 1 }, redecoded: false },
        { path: null, error: TOO_DEEP },
        { path: null, value: { c: "[[[[" }, redecoded: false },
      ]);
      expect(await collect(jsonElements(chunks(doc, size), { parse: false }))).toHaveLength(3);
    }
    expect(nestedDeeperThan(`{"a":${deep}}`)).toBe(true);
    expect(nestedDeeperThan(`{"a":"${"[".repeat(100)}\\"","b":[[{}]]}`)).toBe(false);
  });

  it("refuses a line over the cap, naming it", async () => {
    const text = `{"a":1}\n{"b":"${"x".repeat(5000)}"}\n`;
    expect(await refusal(decodedLines(chunks(text, 7), 4096))).toMatch(/^record_too_large: Line 2 is longer/);
    expect(await refusal(csvRecords(chunks(`a,b\nc,"${"x".repeat(5000)}`, 7), 4096))).toMatch(
      /^record_too_large: The row starting on line 2 is longer/,
    );
  });

  it("names the line of a CSV quote that never closes, after the rows before it", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},artist,track`).join("\n");
    const text = `uts,artist,track\n${rows}\n7,"open,track\n8,a,b\n9,a,b\n`;
    const seen: string[][] = [];
    const gen = async function* () {
      for await (const r of csvRecords(chunks(text, 97))) {
        seen.push(r.fields);
        yield r;
      }
    };
    expect(await refusal(gen())).toBe(
      'invalid_csv: The quote (") opened in the row on line 502 is never closed.',
    );
    expect(seen).toHaveLength(501);
  });

  it("keeps stray quotes in unquoted fields, mixed line endings and legacy code pages per row", async () => {
    const text = Buffer.concat([
      Buffer.from('uts,artist,track\r\n1,The "Band",x\n2,'),
      Buffer.from("\xcf\xf0\xe8\xe2\xe5\xf2", "latin1"),
      Buffer.from(',"a\r\nb"\n\n3,c,d'),
    ]);
    for (const size of [1, 5, 1000]) {
      const recs = await collect(csvRecords(chunks(text, size)));
      expect(recs).toEqual([
        { fields: ["uts", "artist", "track"], redecoded: false, line: 1 },
        { fields: ["1", 'The "Band"', "x"], redecoded: false, line: 2 },
        { fields: ["2", "Привет", "a\r\nb"], redecoded: true, line: 3 },
        { fields: ["3", "c", "d"], redecoded: false, line: 6 },
      ]);
    }
  });
});

describe("detection", () => {
  it.each([
    ['[{"ts":"2025-01-01T00:00:00Z","ms_played":1,"spotify_track_uri":null}]', "spotify-extended"],
    ['[{"endTime":"2025-01-01 00:00","artistName":"a","trackName":"b","msPlayed":1}]', "spotify-account"],
    [
      '[{"endTime":"2025-01-01 00:00","podcastName":"a","episodeName":"b","msPlayed":1}]',
      "spotify-account-podcast",
    ],
    ['{"listened_at":1,"track_metadata":{}}\n{"listened_at":2,"track_metadata":{}}', "listenbrainz-jsonl"],
    ['[{"listened_at":1,"track_metadata":{}}]', "listenbrainz-json"],
    ['{"listen_type":"import","payload":[{"listened_at":1,"track_metadata":{}}]}', "listenbrainz-json"],
    ['[{"track":[{"artist":{"#text":"a"},"date":{"uts":"1"}}]}]', "lastfm-json"],
    ["uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n", "lastfm-csv"],
    ["A,B,C,02 Jan 2026 00:00\n", "lastfm-csv-plain"],
    ['{"format":"musictrace-export","version":1,"listens":[]}', "musictrace"],
    ['[{"name":"My playlist","items":[]}]', null],
    ["%PDF-1.4", null],
  ])("%s → %s", (head, format) => {
    expect(detectFormat(head)).toBe(format);
  });

  it("picks history files out of a Spotify ZIP and ignores the rest", async () => {
    const row = '[{"ts":"2025-01-01T00:00:00Z","ms_played":1,"spotify_track_uri":null}]';
    const zip = await tmpFile(
      "my_spotify_data.zip",
      makeZip([
        { name: "Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf", data: "%PDF" },
        { name: "Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json", data: row },
        { name: "Spotify Extended Streaming History/Streaming_History_Audio_2023_0.json", data: row },
        { name: "Spotify Extended Streaming History/Streaming_History_Video_2023.json", data: row },
        { name: "Spotify Account Data/Userdata.json", data: '{"username":"x"}' },
      ]),
    );
    const files = await describeUpload(zip, "my_spotify_data.zip", 1024 ** 3);
    expect(files.map((f) => f.name)).toEqual([
      "Streaming_History_Audio_2023_0.json",
      "Streaming_History_Audio_2024_1.json",
    ]);
  });

  it("refuses unknown files, path traversal and ZIP bombs before reading rows", async () => {
    const refusal = (file: string, name: string) =>
      describeUpload(file, name, 1024 ** 2).then(
        () => "accepted",
        (e: unknown) => (e instanceof ImportRefused ? e.code : String(e)),
      );
    expect(await refusal(await tmpFile("notes.txt", "hello world"), "notes.txt")).toBe("unknown_format");
    expect(await refusal(await tmpFile("empty.json", ""), "empty.json")).toBe("empty");
    const evil = await tmpFile("evil.zip", makeZip([{ name: "../../etc/cron.d/x.json", data: "[]" }]));
    expect(await refusal(evil, "evil.zip")).toBe("zip_traversal");
    const bomb = await tmpFile(
      "bomb.zip",
      makeZip([{ name: "Streaming_History_Audio_2024_0.json", data: Buffer.alloc(20 * 1024 ** 2) }]),
    );
    expect(await refusal(bomb, "bomb.zip")).toBe("zip_bomb");
    const liar = await tmpFile(
      "liar.zip",
      makeZip([
        {
          name: "Streaming_History_Audio_2024_0.json",
          data: `[${'{"ts":"x"},'.repeat(5000)}{}]`,
          declaredSize: 100,
        },
      ]),
    );
    const files = await describeUpload(liar, "liar.zip", 1024 ** 2).catch(() => []);
    const read = files[0]
      ? collect(rawRows({ path: liar, entry: files[0].entry, format: files[0].format }))
      : Promise.reject(new Error("refused"));
    await expect(read).rejects.toThrow();
  });
});

describe("Spotify extended rows", () => {
  const ctx = { now: Date.UTC(2026, 0, 1), keepIncognito: true };
  it("turns the end stamp into a start and keeps reasons", () => {
    const m = mapExtended(
      {
        ts: "2025-03-05T18:22:41Z",
        ms_played: 201345,
        spotify_track_uri: "spotify:track:1TrkAAAAAAAAAAAAAAAAAA",
        master_metadata_track_name: "S",
        reason_end: "fwdbtn",
        username: "old",
        ip_addr_decrypted: "x",
      },
      ctx,
    );
    expect("row" in m && m.row).toMatchObject({
      startedAt: Date.UTC(2025, 2, 5, 18, 22, 41) - 201345,
      endedAt: Date.UTC(2025, 2, 5, 18, 22, 41),
      key: "sx:2025-03-05T18:22:41.000Z|spotify:track:1TrkAAAAAAAAAAAAAAAAAA|201345",
      extra: { fmt: "spotify-extended", reasonEnd: "fwdbtn" },
      track: { artists: [{ name: "Unknown artist" }] },
    });
  });
});
