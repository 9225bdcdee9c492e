import { route } from "@/lib/http";
import { targetStatuses } from "@/lib/outbox/targets";

/** The signed-in user's forwarding targets (ListenBrainz, Last.fm): status only, never a secret. */
export const GET = route({ auth: "user" }, ({ db, user }) => targetStatuses(db, user.id));
