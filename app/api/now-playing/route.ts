import { z } from "zod";
import { providers } from "@/db/schema";
import { getNowPlaying } from "@/lib/connections/now-playing";
import { getUserServices } from "@/lib/connections/services";
import { route } from "@/lib/http";
import { scrobbledNowPlaying } from "@/lib/listenbrainz/read";

// `player`: only what a player reported through the ListenBrainz-compatible API (the dashboard asks beside
// the services).
const query = z.object({ source: z.enum([...providers, "player"]).optional() });

/**
 * seed-app-contract §2.2; `source` omitted = the default connected service, or, when that plays nothing,
 * what another player last reported through the ListenBrainz-compatible API. Writes no listens.
 */
export const GET = route({ auth: "user", query }, async ({ db, user, query }) => {
  if (query.source === "player")
    return (
      (await scrobbledNowPlaying(db, user.id, Date.now())) ?? {
        status: "empty",
        source: null,
        fetched_at: Date.now(),
      }
    );
  const source = query.source ?? (await getUserServices(db, user.id)).default;
  const np = source ? await getNowPlaying(db, user.id, source) : null;
  if (np?.status === "ok" || query.source) return np;
  return (
    (await scrobbledNowPlaying(db, user.id, Date.now())) ??
    np ?? { status: "not_connected", source: null, fetched_at: Date.now() }
  );
});
