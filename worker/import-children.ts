import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";

const ENTRY = path.join(import.meta.dirname, "import-fork.mjs");

/**
 * Node's flags for an import's process (here and BullMQ's sandbox), towards issue #17's 400 MB:
 * - 8 MB semi-spaces instead of 16 cap the young generation at 24 MB instead of 48.
 * - A 256 MB old generation: an import keeps little alive (bench:import's 300k rows: 54–100 MB of heap in
 *   use at the RSS peak, garbage included), but left to itself V8 let garbage grow to 200 MB before
 *   collecting (peak RSS 369–405 MB); with the cap, 239–257 MB, for 2.7 s more CPU on a second core. At
 *   least 2.5 × the most seen in use: an import that outgrows it ends with its process, is retried and then
 *   fails, and its committed batches stay.
 */
export const importExecArgv = () => [
  ...process.execArgv,
  "--max-semi-space-size=8",
  "--max-old-space-size=256",
];

/**
 * Imports for the in-process jobs (no Redis), each in a child process of its own (worker/import-fork.mjs):
 * a 300k-row import holds a core for tens of seconds, which the web and the live polls sharing this event
 * loop must not feel. `run` resolves with the child's pid once the import ran to its end and rejects when it
 * broke off; during `stop` it resolves with null: the import stays "running" and resumes from its
 * checkpoint when the app starts again.
 */
export function importChildren() {
  const children = new Set<ChildProcess>();
  let stopping = false;
  return {
    run(importId: number): Promise<number | null> {
      if (stopping) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        const child = fork(ENTRY, [String(importId)], { stdio: "inherit", execArgv: importExecArgv() });
        children.add(child);
        child.once("error", reject);
        child.once("exit", (code, signal) => {
          children.delete(child);
          if (stopping) resolve(null);
          else if (code === 0) resolve(child.pid ?? null);
          else reject(new Error(`import ${importId}: its process ended with ${signal ?? `code ${code}`}`));
        });
      });
    },
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise((resolve) => {
              child.once("exit", resolve);
              child.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
