/** `npm start` (all-in-one) and `npm run start:web` (--web-only): see scripts/app.ts. */
import { startApp, stopOnSignals } from "./app";

const say = (line: string) => console.log(`[musictrace] ${line}`);

try {
  const app = await startApp({ webOnly: process.argv.includes("--web-only"), say });
  say(`ready on ${app.url}`);
  stopOnSignals(say, () => app.stop());
} catch (err) {
  console.error(`[musictrace] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
