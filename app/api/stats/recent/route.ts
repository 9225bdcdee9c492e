import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { statsQuery } from "@/lib/stats/params";
import { getRecent } from "@/lib/stats/recent";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "recent", query, (p) => getRecent(db, p)),
);
