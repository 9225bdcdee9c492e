import { z } from "zod";
import { providers } from "@/db/schema";
import { getNowPlaying } from "@/lib/connections/now-playing";
import { getUserServices } from "@/lib/connections/services";
import { route } from "@/lib/http";

const query = z.object({ source: z.enum(providers).optional() });

/** seed-app-contract §2.2; `source` omitted = the default connected service. Writes no listens. */
export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  const source = query.source ?? (await getUserServices(db, user.id)).default;
  if (!source) return { status: "not_connected", source: null, fetched_at: Date.now() };
  return getNowPlaying(db, user.id, source);
});
