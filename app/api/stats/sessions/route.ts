import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { statsQuery } from "@/lib/stats/params";
import { getSessions } from "@/lib/stats/sessions";

export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  cachedStats(db, user, "sessions", query, (p) => getSessions(db, p)),
);
