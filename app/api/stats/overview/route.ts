import { route } from "@/lib/http";
import { getOverview } from "@/lib/stats/overview";
import { statsParams, statsQuery } from "@/lib/stats/params";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  getOverview(db, statsParams(user, query)),
);
