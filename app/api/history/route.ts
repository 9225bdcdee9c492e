import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { getHistory, historyQuery } from "@/lib/stats/history";
import { statsSchema } from "@/lib/stats/params";

const query = statsSchema(historyQuery.shape);

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  cachedStats(db, user, "history", query, (p) => getHistory(db, p, query)),
);
