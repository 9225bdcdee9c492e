import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { getOverview } from "@/lib/stats/overview";
import { statsQuery } from "@/lib/stats/params";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "overview", query, (p) => getOverview(db, p)),
);
