import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { json } from "@/lib/http";

// For compose health checks and uptime monitors: 200 when the database answers, 503 otherwise.
export async function GET() {
  const checks: Record<string, "ok" | "error"> = {};
  try {
    await getDb().execute(sql`select 1`);
    checks.database = "ok";
  } catch {
    checks.database = "error";
  }
  const ok = Object.values(checks).every((v) => v === "ok");
  return json({ status: ok ? "ok" : "error", checks }, ok ? 200 : 503);
}
