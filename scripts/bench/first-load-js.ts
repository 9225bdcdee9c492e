/**
 * First-load JavaScript per route, gzipped: what a phone downloads before a page is interactive.
 * Next 16 (Turbopack) no longer prints these sizes after `next build`, so this reads the same manifests:
 * the root main files every page loads plus the client entry chunks of the page and its layouts.
 *
 *   NEXT_DIST_DIR=.next npx tsx scripts/bench/first-load-js.ts [--budget-kb 200 --route /dashboard]
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next");
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

type RscManifest = { entryJSFiles?: Record<string, string[]> };

function findManifests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findManifests(p);
    return e.name === "page_client-reference-manifest.js" ? [p] : [];
  });
}

const gzCache = new Map<string, number>();
function gzipped(file: string): number {
  let size = gzCache.get(file);
  if (size === undefined) {
    size = gzipSync(fs.readFileSync(path.join(dist, file))).length;
    gzCache.set(file, size);
  }
  return size;
}

const build = JSON.parse(fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};
const rows: { route: string; kb: number }[] = [];
for (const file of findManifests(path.join(dist, "server/app"))) {
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, RscManifest> } };
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox);
  const [key, manifest] = Object.entries(sandbox.globalThis.__RSC_MANIFEST ?? {})[0] ?? [];
  if (!key || !manifest) continue;
  const route = key.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
  // The page's own entry and every layout above it; route groups like (app) are part of the key.
  const segments = key
    .replace(/\/page$/, "")
    .split("/")
    .filter(Boolean);
  const owners = ["[project]/app/layout"];
  for (let i = 1; i <= segments.length; i++)
    owners.push(`[project]/app/${segments.slice(0, i).join("/")}/layout`);
  owners.push(`[project]/app${key}`);
  const files = new Set(build.rootMainFiles);
  for (const owner of owners) for (const f of manifest.entryJSFiles?.[owner] ?? []) files.add(f);
  const bytes = [...files].reduce((sum, f) => sum + gzipped(f), 0);
  rows.push({ route, kb: Math.round(bytes / 102.4) / 10 });
}

rows.sort((a, b) => a.route.localeCompare(b.route));
console.log("route                          first-load JS (gzip)");
for (const r of rows) console.log(`${r.route.padEnd(30)} ${r.kb.toFixed(1).padStart(7)} kB`);

const budget = Number(arg("--budget-kb") ?? Number.NaN);
const target = arg("--route") ?? "/dashboard";
const checked = rows.find((r) => r.route === target);
if (Number.isFinite(budget) && checked && checked.kb > budget) {
  console.error(`${target}: ${checked.kb} kB is over the ${budget} kB budget`);
  process.exit(1);
}
