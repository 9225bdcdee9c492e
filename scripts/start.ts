/** `npm start` (all-in-one) and `npm run start:web` (--web-only): see scripts/app.ts. */
import { startApp } from "./app";

const say = (line: string) => console.log(`[musictrace] ${line}`);

try {
  const app = await startApp({ webOnly: process.argv.includes("--web-only"), say });
  say(`ready on ${app.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received, stopping…`);
    await app.stop();
    say("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (err) {
  console.error(`[musictrace] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
