import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { statsQuery } from "@/lib/stats/params";
import { getTimeline } from "@/lib/stats/timeline";

// Plays over the chosen range in chronological buckets (the dashboard's "Activity volume").
export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "timeline", query, (p) => getTimeline(db, p), { defaultRange: "30d" }),
);
