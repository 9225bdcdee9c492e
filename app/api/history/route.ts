import { route } from "@/lib/http";
import { getHistory, historyQuery } from "@/lib/stats/history";
import { statsParams, statsSchema } from "@/lib/stats/params";

const query = statsSchema(historyQuery.shape);

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  getHistory(db, statsParams(user, query), query),
);
