import { z } from "zod";
import { route } from "@/lib/http";
import { getCalendar } from "@/lib/stats/calendar";
import { statsParams, statsSchema } from "@/lib/stats/params";

const query = statsSchema({ year: z.coerce.number().int().min(1970).max(2100).optional() });

export const GET = route({ auth: "user", query }, ({ db, user, query }) =>
  getCalendar(db, statsParams(user, query), query.year),
);
