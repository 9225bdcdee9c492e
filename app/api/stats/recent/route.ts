import { route } from "@/lib/http";
import { statsParams, statsQuery } from "@/lib/stats/params";
import { getRecent } from "@/lib/stats/recent";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  getRecent(db, statsParams(user, query)),
);
