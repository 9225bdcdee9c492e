import { route } from "@/lib/http";
import { getActivity, periodSchema } from "@/lib/stats/activity";
import { statsParams, statsSchema } from "@/lib/stats/params";

const query = statsSchema({ period: periodSchema });

// Without range/from/to the window is the contract's aligned one for the period (seed-app-contract §2.5).
export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  getActivity(db, statsParams(user, query), query.period, Boolean(query.range || query.from || query.to)),
);
