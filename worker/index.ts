/** `npm run start:worker`: the background jobs on their own, for compose and scaled installs. */
import { env } from "@/lib/env";
import { startJobs } from "./run";

const say = (line: string) => console.log(`[worker] ${line}`);

async function main() {
  const cfg = env();
  if (!cfg.REDIS_URL)
    throw new Error("REDIS_URL is required for a separate worker (npm start runs jobs in-process).");
  if (!cfg.DATABASE_URL) throw new Error("DATABASE_URL is required for a separate worker.");
  const jobs = await startJobs({ redisUrl: cfg.REDIS_URL, log: say });
  say("ready");
  const stop = async (signal: string) => {
    say(`${signal} received, finishing current jobs…`);
    await jobs.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(`[worker] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
