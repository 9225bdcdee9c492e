import { route } from "@/lib/http";
import { statsParams, statsQuery } from "@/lib/stats/params";
import { getSummary } from "@/lib/stats/summary";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  getSummary(db, statsParams(user, query)),
);
