import { listTracks, trackListQuery } from "@/lib/admin/tracks";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: trackListQuery }, ({ db, query }) => listTracks(db, query));
