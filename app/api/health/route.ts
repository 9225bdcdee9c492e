import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { json } from "@/lib/http";
import { jobsHealth } from "@/lib/jobs/health";
import { defaultJobsContext } from "@/lib/jobs/queues";

// For compose health checks and uptime monitors: 200 when the database (and Redis, when configured)
// answer, 503 otherwise. Worker and polling details are reported but do not fail the web's own check.
export async function GET() {
  const checks: Record<string, "ok" | "error"> = {};
  try {
    await getDb().execute(sql`select 1`);
    checks.database = "ok";
  } catch {
    checks.database = "error";
    return json({ status: "error", checks }, 503);
  }
  const jobs = await jobsHealth(getDb(), defaultJobsContext()).catch(() => null);
  if (jobs && jobs.redis !== "not_configured") checks.redis = jobs.redis;
  const ok = Object.values(checks).every((v) => v === "ok");
  return json({ status: ok ? "ok" : "error", checks, ...(jobs ?? {}) }, ok ? 200 : 503);
}
