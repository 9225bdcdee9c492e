import { describe, expect, it } from "vitest";
import { ImportRefused } from "@/lib/imports/errors";
import { TOO_DEEP } from "@/lib/imports/json-stream";
import { createTestUser } from "@/test/helpers/factories";
import { makeZip } from "@/test/helpers/zip";
import { extendedRow, history } from "./fixtures";
import { importFiles } from "./helpers";

/**
 * The adversarial corpus of issue #17: every file ends with a clear result of its own (refused naming the
 * file and the line or row, or imported with its bad rows reported) and nothing hangs. How long each takes
 * per MB, and what /api/health answers meanwhile, is measured by `npm run bench:import-health`.
 */
const MB = 1024 ** 2;
const until = new Date("2025-06-01T00:00:00Z");
const lbLine = (i: number) =>
  JSON.stringify({
    listened_at: 1_700_000_000 + i * 300,
    recording_msid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    track_metadata: { artist_name: `Artist ${i % 7}`, track_name: `Track ${i}` },
  });

describe("adversarial import corpus", { timeout: 300_000 }, () => {
  it("refuses a Last.fm CSV with a quote that never closes, naming the file and the line", async () => {
    const user = await createTestUser({ prefix: "adv_quote" });
    const rows = Array.from({ length: 8000 }, (_, i) => `${1_700_000_000 + i},x,Artist ${i},,Album,,Track,`);
    rows.splice(1, 0, `1700000000,x,"Artist,,Album,,Track,`);
    const csv = `uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n${rows.join("\n")}\n`;
    const view = await importFiles(user.id, [{ name: "recenttracks-x.csv", data: csv }]);
    expect(view.status).toBe("failed");
    expect(view.error).toBe('recenttracks-x.csv: The quote (") opened in the row on line 3 is never closed.');
  });

  it("refuses a 64 MB single JSON element and a 64 MB JSON line", async () => {
    const user = await createTestUser({ prefix: "adv_huge" });
    const element = `[{"spotify_track_uri":"spotify:track:x","ts":"${"x".repeat(64 * MB)}"}]`;
    const one = await importFiles(user.id, [{ name: "Streaming_History_Audio_2024_0.json", data: element }]);
    expect(one).toMatchObject({ status: "failed", counts: { read: 0 } });
    expect(one.error).toMatch(
      /^Streaming_History_Audio_2024_0\.json: Row 1 \(from byte 1\) is larger than 16 MB/,
    );

    const line = `${lbLine(0)}\n{"listened_at":1700000001,"x":"${"y".repeat(64 * MB)}"}\n${lbLine(2)}\n`;
    const two = await importFiles(user.id, [{ name: "listens.jsonl", data: line }]);
    expect(two).toMatchObject({ status: "failed", counts: { read: 0 } });
    expect(two.error).toBe("listens.jsonl: Line 2 is longer than 1 MB: not a listening-history row.");
  });

  it("reports a row nested a million levels deep as a rejected row and imports the rest", async () => {
    const user = await createTestUser({ prefix: "adv_deep" });
    const rows = history(3, { until, seed: "deep" }).map((p) => JSON.stringify(extendedRow(p)));
    const deep = `{"ts":"2025-01-01T00:00:00Z","x":${"[".repeat(MB)}${"]".repeat(MB)}}`;
    const view = await importFiles(user.id, [
      { name: "Streaming_History_Audio_2025_0.json", data: `[${rows[0]},${deep},${rows[1]},${rows[2]}]` },
    ]);
    expect(view).toMatchObject({ status: "done", counts: { read: 4, imported: 3, rejected: 1 } });
    expect(view.report).toEqual([{ file: "Streaming_History_Audio_2025_0.json", row: 2, reason: TOO_DEEP }]);
  });

  it("refuses a ZIP whose member is larger than the ZIP declares", async () => {
    const user = await createTestUser({ prefix: "adv_liar" });
    const rows = history(2000, { until, seed: "liar" }).map((p) => extendedRow(p));
    const zip = makeZip([
      { name: "Streaming_History_Audio_2025_0.json", data: JSON.stringify(rows), declaredSize: 100_000 },
    ]);
    const view = await importFiles(user.id, [{ name: "my_spotify_data.zip", data: zip }]);
    expect(view).toMatchObject({ status: "failed", counts: { read: 0 } });
    expect(view.error).toMatch(
      /^Streaming_History_Audio_2025_0\.json: Streaming_History_Audio_2025_0\.json in the ZIP does not match the size/,
    );
  });

  it("refuses a ZIP of 10,000 tiny history files at once, before reading any of them", async () => {
    const user = await createTestUser({ prefix: "adv_many" });
    const zip = makeZip(
      Array.from({ length: 10_000 }, (_, i) => ({
        name: `listens/${2000 + (i % 20)}/${i}.jsonl`,
        data: lbLine(i),
      })),
    );
    const refused = await importFiles(user.id, [{ name: "listenbrainz.zip", data: zip }]).then(
      () => null,
      (e: unknown) => (e instanceof ImportRefused ? { code: e.code, message: e.message } : e),
    );
    expect(refused).toEqual({
      code: "too_many_files",
      message: expect.stringMatching(
        /^listenbrainz\.zip holds 10,000 JSON\/CSV files;.* at most 1,000 are read/,
      ),
    });
  });

  it("reads UTF-16 with a BOM, UTF-8 with a BOM and rows in legacy code pages", async () => {
    const user = await createTestUser({ prefix: "adv_enc" });
    const spotify = JSON.stringify(history(5, { until, seed: "enc" }).map((p) => extendedRow(p)));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(spotify, "utf16le")]);
    const csv = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n"),
      Buffer.from("1700000000,x,Beyonc\xe9,,Album,,Halo,\n", "latin1"),
      Buffer.from("1700000300,x,", "latin1"),
      Buffer.from([0xca, 0xe8, 0xed, 0xee]), // Кино in Windows-1251
      Buffer.from(",,Album,,Track,\n1700000600,x,Plain,,Album,,Track,\n"),
    ]);
    const view = await importFiles(user.id, [
      { name: "Streaming_History_Audio_2025_0.json", data: utf16 },
      { name: "recenttracks-enc.csv", data: csv },
    ]);
    expect(view).toMatchObject({ status: "done", counts: { read: 8, imported: 8, rejected: 0 } });
    expect(view.details).toMatchObject({ reDecoded: 2 });
  });
});
