import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { currentUser } from "@/lib/auth";
import { json } from "@/lib/http";
import { jobsHealth } from "@/lib/jobs/health";
import { defaultJobsContext } from "@/lib/jobs/queues";

// For compose health checks and uptime monitors: 200 when the database (and Redis, when configured)
// answer, 503 otherwise. Only an admin sees the details (connection counts, job counters): to anyone
// else they would describe the instance's users.
export async function GET() {
  const checks: Record<string, "ok" | "error"> = {};
  try {
    await getDb().execute(sql`select 1`);
    checks.database = "ok";
  } catch {
    return json({ status: "error" }, 503);
  }
  const jobs = await jobsHealth(getDb(), defaultJobsContext()).catch(() => null);
  if (jobs && jobs.redis !== "not_configured") checks.redis = jobs.redis;
  const ok = Object.values(checks).every((v) => v === "ok");
  const admin = (await currentUser().catch(() => null))?.role === "admin";
  const body = admin
    ? { status: ok ? "ok" : "error", checks, ...(jobs ?? {}) }
    : { status: ok ? "ok" : "error" };
  return json(body, ok ? 200 : 503);
}
