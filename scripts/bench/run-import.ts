/**
 * bench:import's import: the same child the app forks for an import (worker/import-fork.mjs, with Redis
 * BullMQ's sandboxed processor), so the dashboard probes in the bench's process share only the database and
 * the CPU with it. Argument: the import id (DATABASE_URL in the environment). Prints what the bench reports
 * of this process: its peak RSS, its CPU seconds and the import's phases.
 */
import { importProfile } from "@/lib/imports/profile";
import { runImportProcess } from "@/worker/import-job";

importProfile.enabled = true;
// What the RSS is made of at its peak: the JavaScript heap, or buffers outside it.
let peak = { heapUsed: 0, external: 0, rss: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak.rss) peak = m;
}, 50).unref();
const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
process.on("exit", () => {
  const use = process.resourceUsage();
  process.stdout.write(
    JSON.stringify({
      peakRssMb: Math.round(use.maxRSS / 1024),
      atPeak: `heap used ${mb(peak.heapUsed)} MB, buffers ${mb(peak.external)} MB`,
      cpuSec: (use.userCPUTime + use.systemCPUTime) / 1e6,
      phases: [...importProfile.ms],
    }),
  );
});
// From the process's start until the import's own code runs: Node, tsx and the modules loading.
importProfile.ms.set("process-start", performance.now());
await runImportProcess(Number(process.argv[2]));
