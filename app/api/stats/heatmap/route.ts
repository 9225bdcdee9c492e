import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { getHeatmap } from "@/lib/stats/heatmap";
import { statsQuery } from "@/lib/stats/params";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "heatmap", query, (p) => getHeatmap(db, p)),
);
