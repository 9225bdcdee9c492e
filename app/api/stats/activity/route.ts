import { route } from "@/lib/http";
import { getActivity, periodSchema } from "@/lib/stats/activity";
import { cachedStats } from "@/lib/stats/cache";
import { statsSchema } from "@/lib/stats/params";

const query = statsSchema({ period: periodSchema });

// Without range/from/to the window is the contract's aligned one for the period (seed-app-contract §2.5).
export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  cachedStats(db, user, "activity", query, (p) =>
    getActivity(db, p, query.period, Boolean(query.range || query.from || query.to)),
  ),
);
