import { route } from "@/lib/http";
import { getHeatmap } from "@/lib/stats/heatmap";
import { statsParams, statsQuery } from "@/lib/stats/params";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  getHeatmap(db, statsParams(user, query)),
);
