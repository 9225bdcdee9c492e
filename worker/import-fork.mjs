// Without Redis, the app's in-process jobs (worker/inline.ts) fork this file for every import, so an import's
// parsing and batching never share the web's event loop (or heap), as BullMQ's sandboxed processor
// (import-child.mjs) ensures with Redis. Argument: the import id. Plain JavaScript for the same reason.
import { register } from "tsx/esm/api";

if (!process.execArgv.some((arg) => arg.includes("tsx"))) register();
const { runImportProcess } = await import("./import-job.ts");

await runImportProcess(Number(process.argv[2]));
