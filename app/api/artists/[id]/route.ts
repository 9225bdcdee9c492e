import { route } from "@/lib/http";
import { getArtistDetail } from "@/lib/stats/artist";
import { idParams, statsParams } from "@/lib/stats/params";

export const GET = route({ auth: "user", params: idParams }, ({ db, user, params }) =>
  getArtistDetail(db, statsParams(user, {}), params.id),
);
