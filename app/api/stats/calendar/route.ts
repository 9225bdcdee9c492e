import { z } from "zod";
import { route } from "@/lib/http";
import { cachedStats } from "@/lib/stats/cache";
import { getCalendar } from "@/lib/stats/calendar";
import { statsSchema } from "@/lib/stats/params";

const query = statsSchema({ year: z.coerce.number().int().min(1970).max(2100).optional() });

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  cachedStats(db, user, "calendar", query, (p) => getCalendar(db, p, query.year)),
);
