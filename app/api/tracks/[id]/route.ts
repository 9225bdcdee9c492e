import { route } from "@/lib/http";
import { idParams, statsParams } from "@/lib/stats/params";
import { getTrackDetail } from "@/lib/stats/track";

export const GET = route({ auth: "user", params: idParams }, ({ db, user, params }) =>
  getTrackDetail(db, statsParams(user, {}), params.id),
);
