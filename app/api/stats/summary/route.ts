import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { statsQuery } from "@/lib/stats/params";
import { getSummary } from "@/lib/stats/summary";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "summary", query, (p) => getSummary(db, p)),
);
