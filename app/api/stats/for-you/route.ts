import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { getForYou } from "@/lib/stats/for-you";
import { statsQuery } from "@/lib/stats/params";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "for-you", query, (p) => getForYou(db, p)),
);
