import { LbError } from "@/lib/listenbrainz/errors";
import { lbRoute, preflight } from "@/lib/listenbrainz/http";
import { ownName, tsParam } from "@/lib/listenbrainz/params";
import { DEFAULT_ITEMS_PER_GET, MAX_ITEMS_PER_GET, userListens } from "@/lib/listenbrainz/read";

/** ListenBrainz `GET /1/user/{name}/listens`: private here, so only with that user's own token. */
export const GET = lbRoute(async ({ req, db, owner, params }) => {
  const userName = ownName(owner, params.name);
  const q = req.nextUrl.searchParams;
  const maxTs = tsParam(q, "max_ts");
  const minTs = tsParam(q, "min_ts");
  if (maxTs != null && minTs != null)
    throw new LbError(400, "You may only specify max_ts or min_ts, not both.");
  const count = tsParam(q, "count") ?? DEFAULT_ITEMS_PER_GET;
  return userListens(db, {
    userId: owner.userId,
    userName,
    count: Math.min(count, MAX_ITEMS_PER_GET),
    maxTs,
    minTs,
  });
});

export const OPTIONS = preflight;
