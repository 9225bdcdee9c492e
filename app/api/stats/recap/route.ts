import { route } from "@/lib/http";
import { withStatsCache } from "@/lib/stats/cache";
import { statsParams } from "@/lib/stats/params";
import { getRecap, recapQuery } from "@/lib/stats/recap";

export const GET = route({ auth: "user", query: recapQuery }, ({ db, user, query }) => {
  const p = statsParams(user, {});
  // The same key as the page's (lib/stats/recap-page.ts), so either warms the other.
  return withStatsCache(db, user.id, `recap|${p.tz}|${query.year}|${query.month ?? ""}`, () =>
    getRecap(db, p, query),
  );
});
