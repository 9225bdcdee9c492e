import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { statsSchema } from "@/lib/stats/params";
import { getTop, topPage, topQuery } from "@/lib/stats/top";

const query = statsSchema(topQuery.shape);

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  cachedStats(db, user, "top", query, (p) => getTop(db, p, topPage(query))),
);
