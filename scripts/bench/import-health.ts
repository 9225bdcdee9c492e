/**
 * npm run bench:import-health
 * The adversarial corpus of issue #17 imported the way the app runs imports (createImport in the web
 * process, the import in a child process of its own: worker/import-children.ts, as `npm start` does without
 * Redis), while another process asks a health endpoint served by this process (`select 1`, like
 * /api/health) every 25 ms. Per file: seconds (the child's start included), seconds per MB, the import's
 * result, and the health latency p50 / p99 / max and this process's event-loop delay during it.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { ensureDatabase } from "@/db/server";
import { createUser } from "@/lib/accounts/users";
import { env } from "@/lib/env";
import { createImport, getImport } from "@/lib/imports/create";
import { ImportRefused } from "@/lib/imports/errors";
import { makeZip } from "@/test/helpers/zip";
import { importChildren } from "@/worker/import-children";
import { fileShas, generateHistory } from "./import-data";

const say = (line: string) => console.log(`[bench:import-health] ${line}`);
process.env.DATA_DIR ??= ".data/bench-import";
const MB = 1024 ** 2;

const lbLine = (i: number) =>
  JSON.stringify({
    listened_at: 1_700_000_000 + i * 300,
    track_metadata: { artist_name: `Artist ${i % 7}`, track_name: `Track ${i}` },
  });
const csvRows = (n: number) =>
  Array.from({ length: n }, (_, i) => `${1_700_000_000 + i * 60},x,Artist ${i % 500},,Album,,Track ${i},`);
const CSV_HEAD = "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid";

/**
 * A Last.fm CSV (lastfm.ghan.nl's shape: readable UTC time, MBIDs) whose rows were saved in three
 * encodings: UTF-8, Windows-1251 (Russian names) and Windows-1252 (Latin accents), as files edited on
 * different machines are; 40k rows of 500 songs.
 */
function mixedEncodingCsv(): Buffer {
  const cp1251 = (text: string) =>
    Buffer.from(
      [...text].map((c) => (c >= "А" && c <= "я" ? (c.codePointAt(0) as number) - 0x350 : c.charCodeAt(0))),
    );
  const mbid = (kind: number, n: number) => `0000000${kind}-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const lines: Buffer[] = [Buffer.from(`${CSV_HEAD}\n`)];
  for (let i = 0; i < 40_000; i++) {
    const song = i % 500;
    const uts = 1_600_000_000 + i * 240;
    const utc = new Date(uts * 1000)
      .toUTCString()
      .slice(5, 22)
      .replace(/(\d{4}) /, "$1, ");
    const row = (artist: string, album: string, title: string) =>
      `${uts},"${utc}",${artist},${mbid(1, song % 50)},${album},${mbid(2, song % 100)},${title} ${song},${mbid(3, song)}\n`;
    if (i % 3 === 0) lines.push(Buffer.from(row("Кино", "Группа крови", "Звезда"), "utf8"));
    else if (i % 3 === 1) lines.push(cp1251(row("Кино", "Группа крови", "Звезда")));
    else lines.push(Buffer.from(row("Björk", "Homogenic", "Jóga"), "latin1"));
  }
  return Buffer.concat(lines);
}

type Case = { name: string; file: string; more?: string[] };

function corpus(dir: string): Case[] {
  const put = (name: string, data: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, data);
    return { name, file };
  };
  const rows = csvRows(120_000);
  const open = [...rows];
  open.splice(1, 0, `1700000000,x,"Artist,,Album,,Track,`);
  const history = generateHistory(fs.mkdtempSync(path.join(dir, "gen-")), {
    rows: 48_000,
    live: 0,
    tracks: 2000,
  });
  // A typical whole export: several yearly files of one account, ~12 MB each (the write path's batches).
  const big = generateHistory(fs.mkdtempSync(path.join(dir, "gen-")), {
    rows: 120_000,
    live: 0,
    tracks: 8000,
  });
  return [
    { name: "Streaming_History (normal, 48k rows)", file: history.files[0] as string },
    {
      name: "Streaming_History (normal, 120k rows, 5 files)",
      file: big.files[0] as string,
      more: big.files.slice(1),
    },
    put("recenttracks-normal.csv", `${CSV_HEAD}\n${rows.join("\n")}\n`),
    put("recenttracks-mixed-encodings.csv", mixedEncodingCsv()),
    put("recenttracks-open-quote.csv", `${CSV_HEAD}\n${open.join("\n")}\n`),
    put(
      "Streaming_History_Audio_one-element.json",
      `[{"spotify_track_uri":"x","ts":"${"x".repeat(64 * MB)}"}]`,
    ),
    put("listens-huge-line.jsonl", `${lbLine(0)}\n{"listened_at":1,"x":"${"y".repeat(64 * MB)}"}\n`),
    put(
      "Streaming_History_Audio_deep.json",
      `[{"ts":"2025-01-01T00:00:00Z","x":${"[".repeat(4 * MB)}${"]".repeat(4 * MB)}}]`,
    ),
    put(
      "liar.zip",
      makeZip([
        {
          name: "Streaming_History_Audio_2024_0.json",
          data: fs.readFileSync(history.files[0] as string),
          declaredSize: 100_000,
        },
      ]),
    ),
    put(
      "many.zip",
      makeZip(
        Array.from({ length: 10_000 }, (_, i) => ({ name: `listens/2020/${i}.jsonl`, data: lbLine(i) })),
      ),
    ),
  ];
}

/** A pinger in its own process, so its clock is not stopped by this one's event loop. */
function startPinger(url: string) {
  const code = `
    const out = [];
    let stop = false;
    process.stdin.on("end", () => { stop = true; });
    process.stdin.resume();
    (async () => {
      while (!stop) {
        const t = Date.now();
        try { await (await fetch(${JSON.stringify(url)})).text(); } catch {}
        out.push([t, Date.now() - t]);
        await new Promise((r) => setTimeout(r, 25));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["pipe", "pipe", "inherit"] });
  let text = "";
  child.stdout.on("data", (d: Buffer) => {
    text += d.toString();
  });
  return async (): Promise<[number, number][]> => {
    child.stdin.end();
    await new Promise((r) => child.on("close", r));
    return JSON.parse(text) as [number, number][];
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main() {
  const server = await ensureDatabase({ ...env(), log: say });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  const name = `mt_bench_health_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  process.env.DATABASE_URL = url.toString(); // the import children's database
  const children = importChildren();
  const db = createDb(url.toString(), { max: 4 });
  const healthDb = createDb(url.toString(), { max: 2 });
  const web = http.createServer((_req, res) => {
    healthDb.execute(sql`select 1`).then(
      () => res.end('{"status":"ok"}'),
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
  const port = (web.address() as { port: number }).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-bench-health-"));
  try {
    const files = corpus(dir);
    const stopPinger = startPinger(`http://127.0.0.1:${port}/health`);
    await new Promise((r) => setTimeout(r, 1000)); // idle baseline
    const windows: { name: string; from: number; to: number; line: string }[] = [
      { name: "idle", from: 0, to: Date.now(), line: "" },
    ];
    // HEALTH_FILES=normal runs only the cases whose name contains it (the write path's regression check).
    const only = process.env.HEALTH_FILES;
    const eld = monitorEventLoopDelay({ resolution: 10 });
    // Garbage collection stops the loop too; its longest pause tells a GC stall from a long loop of ours.
    let gcMax = 0;
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
    });
    gc.observe({ entryTypes: ["gc"] });
    for (const [i, f] of files.entries()) {
      if (only && !f.name.includes(only)) continue;
      const user = await createUser(db, {
        username: `health_${i}`,
        password: "Bench-Listener-2024",
        byAdmin: true,
      });
      const all = [f.file, ...(f.more ?? [])];
      const mb = all.reduce((n, file) => n + fs.statSync(file).size, 0) / MB;
      const uploads = fileShas(all); // the upload route hashes while it streams, not here
      const from = Date.now();
      eld.reset();
      eld.enable();
      gcMax = 0;
      let result: string;
      try {
        const { id } = await createImport(db, {
          userId: user.id,
          uploads: uploads.map((u) => ({ ...u, name: path.basename(u.path) })),
          maxBytes: env().IMPORT_MAX_BYTES,
        });
        await children.run(id);
        const v = await getImport(db, { userId: user.id, id });
        result = `${v.status} ${JSON.stringify(v.counts)}${v.error ? ` — ${v.error}` : ""}`;
      } catch (err) {
        result = err instanceof ImportRefused ? `refused at upload — ${err.message}` : `CRASH ${String(err)}`;
      }
      const sec = (Date.now() - from) / 1000;
      eld.disable();
      const stall = `event-loop delay max ${(eld.max / 1e6).toFixed(0)} ms p99 ${(eld.percentile(99) / 1e6).toFixed(0)} ms, longest GC ${gcMax.toFixed(0)} ms`;
      windows.push({
        name: f.name,
        from,
        to: Date.now(),
        line: `${stall}; ${mb.toFixed(1)} MB in ${sec.toFixed(2)} s (${(sec / Math.max(mb, 1)).toFixed(2)} s/MB) → ${result.slice(0, 160)}`,
      });
    }
    gc.disconnect();
    const pings = await stopPinger();
    for (const w of windows) {
      const lat = pings.filter(([t]) => t >= w.from && t <= w.to).map(([, ms]) => ms);
      say(
        `${w.name.padEnd(40)} health p50 ${pct(lat, 50)} ms, p99 ${pct(lat, 99)} ms, max ${Math.max(0, ...lat)} ms (${lat.length} pings)  ${w.line}`,
      );
    }
  } finally {
    web.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await db.$client.end();
    await healthDb.$client.end();
    await admin.unsafe(`drop database ${name} with (force)`);
    await admin.end();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
