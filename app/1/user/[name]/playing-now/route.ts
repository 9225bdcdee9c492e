import { lbRoute, preflight } from "@/lib/listenbrainz/http";
import { ownName } from "@/lib/listenbrainz/params";
import { userPlayingNow } from "@/lib/listenbrainz/read";

/** ListenBrainz `GET /1/user/{name}/playing-now`, for the token's own user. */
export const GET = lbRoute(async ({ db, owner, params }) =>
  userPlayingNow(db, { userId: owner.userId, userName: ownName(owner, params.name), now: Date.now() }),
);

export const OPTIONS = preflight;
