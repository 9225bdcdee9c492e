import { route } from "@/lib/http";
import { statsParams, statsSchema } from "@/lib/stats/params";
import { getTop, topQuery } from "@/lib/stats/top";

const query = statsSchema(topQuery.shape);

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  getTop(db, statsParams(user, query), query),
);
