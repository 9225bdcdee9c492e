import { z } from "zod";
import { providers } from "@/db/schema";
import { getNowPlaying } from "@/lib/connections/now-playing";
import { getUserServices } from "@/lib/connections/services";
import { route } from "@/lib/http";
import { scrobbledNowPlaying } from "@/lib/listenbrainz/read";

const query = z.object({ source: z.enum(providers).optional() });

/**
 * seed-app-contract §2.2; `source` omitted = the default connected service, or, when that plays nothing,
 * what another player last reported through the ListenBrainz-compatible API. Writes no listens.
 */
export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  const source = query.source ?? (await getUserServices(db, user.id)).default;
  const np = source ? await getNowPlaying(db, user.id, source) : null;
  if (np?.status === "ok" || query.source) return np;
  return (
    (await scrobbledNowPlaying(db, user.id, Date.now())) ??
    np ?? { status: "not_connected", source: null, fetched_at: Date.now() }
  );
});
