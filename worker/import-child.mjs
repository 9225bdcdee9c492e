// BullMQ loads this file in a child process of its own for every import job (worker/bullmq.ts), so an
// import's parsing and batching never share an event loop (or a heap) with the web server or the live
// polls. Plain JavaScript: the child starts without a TypeScript loader unless its parent had one.
import { register } from "tsx/esm/api";

if (!process.execArgv.some((arg) => arg.includes("tsx"))) register();
const { runImportJob } = await import("./import-job.ts");

export default runImportJob;
