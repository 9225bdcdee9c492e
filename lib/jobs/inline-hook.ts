import type { JobName, PollSource } from "./contract";

/**
 * No-Redis mode: worker/inline.ts registers itself here, and the enqueue functions hand their jobs to it.
 * `npm start` runs web and jobs in one process, so a globalThis slot is shared by Next's bundle and the worker.
 */
export type InlineRunner = {
  enqueue(name: JobName, data: unknown): void;
  /** Starts a connection's poll loop; `soon` also brings a running loop's next poll forward to now. */
  schedule(source: PollSource, userId: number, opts?: { soon?: boolean }): void;
  unschedule(source: PollSource, userId: number): void;
  /** Runs an import in a child process (worker/import-children.ts): its pid, or null when stopping. */
  runImport(importId: number): Promise<number | null>;
};

const holder = globalThis as unknown as { __musictraceInline?: InlineRunner | null };

export function setInlineRunner(runner: InlineRunner | null): void {
  holder.__musictraceInline = runner;
}

export function inlineRunner(): InlineRunner | null {
  return holder.__musictraceInline ?? null;
}
