/**
 * `npm run lab`: the listening lab (issue #15). Plays the scenarios of listening-rules.md §10 through the
 * provider fakes against the real app process, in both run modes (in-process jobs without Redis, BullMQ
 * with Redis), and prints one table: scenario × provider × mode → true listens, recorded, lost, doubled,
 * extra, seconds from a play's end to its appearance in /api/stats/recent. Exit code 1 when a row fails.
 *
 *   npm run lab                      every scenario, both modes (about 25 minutes)
 *   npm run lab -- --fast            the telling few, in-process mode only (under 5 minutes)
 *   npm run lab -- --mode bullmq --only queue-end,repeat-one     --list     --settle 120
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startFakes } from "@/test/fakes";
import { FakeLrclib } from "@/test/fakes/lrclib";
import { FakeMusicBrainz } from "@/test/fakes/musicbrainz";
import { type Controls, controls, registerCatalogue } from "./drivers";
import { type ModeResult, runMode } from "./mode";
import type { Mode } from "./runner";
import { SCENARIOS, TRACKS } from "./scenarios";
import { failed, renderBudget, renderNotes, renderTable } from "./table";

const { values: args } = parseArgs({
  options: {
    fast: { type: "boolean", default: false },
    mode: { type: "string" },
    only: { type: "string" },
    list: { type: "boolean", default: false },
    settle: { type: "string", default: "90" },
  },
});

const say = (line: string) => console.log(`[lab] ${line}`);

if (args.list) {
  for (const s of SCENARIOS) {
    console.log(
      `${s.name.padEnd(24)} ${s.targets.join("+").padEnd(16)} ${s.fast ? "fast " : "     "}${s.about}`,
    );
  }
  process.exit(0);
}

const only = args.only?.split(",").filter(Boolean);
const scenarios = SCENARIOS.filter((s) => (only ? only.includes(s.name) : !args.fast || s.fast));
const modes: Mode[] = args.mode ? [args.mode as Mode] : args.fast ? ["inline"] : ["inline", "bullmq"];
if (!scenarios.length || modes.some((m) => m !== "inline" && m !== "bullmq")) {
  console.error("nothing to run: check --only (see --list) and --mode inline|bullmq");
  process.exit(2);
}

const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "mt-lab-"));
fs.chmodSync(runDir, 0o755); // as root, the embedded PostgreSQL runs as "postgres" and must enter it
say(`logs and data in ${runDir}`);
const fakes = await startFakes();
const lrclib = await FakeLrclib.start({});
const musicbrainz = await FakeMusicBrainz.start({});
const ctl: Controls = controls(fakes.urls);
await registerCatalogue(ctl, Object.values(TRACKS));
const fakeEnv = { ...fakes.env, LRCLIB_URL: lrclib.url, MUSICBRAINZ_URL: `${musicbrainz.url}/ws/2` };

const results: ModeResult[] = [];
for (const mode of modes) {
  say(`mode ${mode}: ${scenarios.filter((s) => !s.modes || s.modes.includes(mode)).length} scenarios`);
  results.push(
    await runMode(mode, scenarios, {
      runDir,
      fakeEnv,
      controls: ctl,
      settleMs: Number(args.settle) * 1000,
      say,
    }),
  );
  // Each mode's rows as soon as they are in (a full run takes a while).
  console.log(`\n${renderTable(results[results.length - 1]?.rows ?? [])}\n`);
}
await Promise.all([fakes.close(), lrclib.close(), musicbrainz.close()]);

const rows = results.flatMap((r) => r.rows);
console.log(`\n${renderTable(rows)}\n`);
for (const r of results) console.log(renderBudget(r.budget));
const notes = renderNotes(rows);
if (notes) console.log(`\nWhy rows failed:\n${notes}`);
const bad = rows.filter(failed).length;
console.log(`\n${rows.length - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
