import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { upsertTracks } from "@/lib/catalog/upsert";
import { exportStream } from "@/lib/imports/export";
import { receiveUpload } from "@/lib/imports/upload";
import { createTestUser } from "@/test/helpers/factories";
import { extendedRow, history, lastfmTrack } from "./fixtures";
import { importFiles, listenStats } from "./helpers";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

async function perTrack(userId: number) {
  return getDb().execute(sql`
    select t.title, count(*)::int as plays, coalesce(sum(l.ms_played), 0)::bigint as ms
    from listens l join tracks t on t.id = l.track_id
    where l.user_id = ${userId} and not l.skipped and l.duplicate_of is null
    group by t.title order by t.title`);
}

describe("export → import round trip", () => {
  it("re-imports the JSON export into a fresh user with identical stats, and exports CSV and ListenBrainz", async () => {
    const source = await createTestUser({ prefix: "rt_src" });
    const until = new Date("2025-02-01T00:00:00Z");
    const plays = history(25, { until, seed: "rt" });
    const rows: Record<string, unknown>[] = plays.map((p, i) =>
      extendedRow(i % 7 === 0 ? { ...p, ms: 9000 } : p),
    );
    const first = plays[3];
    if (!first?.uri) throw new Error("fixture");
    const [trackId] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: first.uri.slice(14),
        title: first.title,
        artists: [{ name: first.artist }],
      },
    ]);
    await getDb().execute(sql`
      insert into listens (user_id, track_id, source, origin, started_at, ended_at, ms_played, dedup_key)
      values (${source.id}, ${trackId}, 'spotify', 'live', ${new Date(first.end.getTime() - 178_000).toISOString()},
        ${first.end.toISOString()}, 175000, 'live:rt')`);
    await importFiles(source.id, [
      { name: "Streaming_History_Audio_2025_0.json", data: JSON.stringify(rows) },
      {
        name: "recenttracks.json",
        data: JSON.stringify([
          {
            track: [
              lastfmTrack({
                start: new Date(plays[5]?.end.getTime() ?? 0 - 180_000),
                artist: plays[5]?.artist ?? "",
                title: plays[5]?.title ?? "",
              }),
            ],
          },
        ]),
      },
    ]);
    const before = await listenStats(source.id);
    expect(before.dups).toBeGreaterThanOrEqual(1);

    const json = await readAll(
      exportStream(getDb(), { userId: source.id, username: source.username, format: "json" }),
    );
    const target = await createTestUser({ prefix: "rt_dst" });
    const res = await importFiles(target.id, [{ name: "musictrace-export.json", data: json }]);
    expect(res.status).toBe("done");
    expect(res.counts.rejected).toBe(0);
    expect(await listenStats(target.id)).toEqual(before);
    expect(await perTrack(target.id)).toEqual(await perTrack(source.id));
    // Importing the same export again changes nothing.
    await importFiles(target.id, [{ name: "again.json", data: json }]);
    expect(await listenStats(target.id)).toEqual(before);

    const csv = await readAll(
      exportStream(getDb(), { userId: source.id, username: source.username, format: "csv" }),
    );
    expect(csv.split("\n").filter(Boolean)).toHaveLength(before.total + 1);
    const lb = await readAll(
      exportStream(getDb(), { userId: source.id, username: source.username, format: "listenbrainz" }),
    );
    const lines = lb
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { listened_at: number; track_metadata: { artist_name: string } });
    expect(lines).toHaveLength(before.counted);
    expect(lines[0]?.track_metadata.artist_name).toBeTruthy();
    const lbUser = await createTestUser({ prefix: "rt_lb" });
    const lbRes = await importFiles(lbUser.id, [{ name: "export.jsonl", data: lb }]);
    expect(lbRes.counts.imported).toBe(before.counted);
  });
});

describe("receiveUpload", () => {
  const form = (files: [string, string][]) => {
    const f = new FormData();
    for (const [name, text] of files) f.append("file", new Blob([text]), name);
    return new Request("http://x/api/imports", { method: "POST", body: f });
  };

  it("streams files to disk with their hashes and refuses oversized uploads, leaving nothing behind", async () => {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "mt-up-")), "u");
    const ok = await receiveUpload(
      form([
        ["a.json", "[1]"],
        ["../../b.csv", "x,y"],
      ]),
      { dir, maxBytes: 1000, maxFiles: 50 },
    );
    expect(ok.map((u) => [u.name, u.bytes])).toEqual([
      ["a.json", 3],
      ["b.csv", 3],
    ]);
    expect(path.dirname(ok[1]?.path ?? "")).toBe(dir);
    const big = path.join(dir, "..", "big");
    await expect(
      receiveUpload(form([["big.json", "x".repeat(5000)]]), { dir: big, maxBytes: 1000, maxFiles: 50 }),
    ).rejects.toMatchObject({ status: 413 });
    await expect(fs.stat(big)).rejects.toThrow();
  });
});
