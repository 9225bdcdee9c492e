import { idParam } from "@/lib/admin/paging";
import { adminUpdateTrack, trackPatchBody } from "@/lib/admin/track-edit";
import { getTrackDetail } from "@/lib/admin/tracks";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", params: idParam }, ({ db, params }) =>
  getTrackDetail(db, params.id),
);

export const PATCH = route(
  { auth: "admin", params: idParam, body: trackPatchBody },
  async ({ db, user, params, body }) => {
    await adminUpdateTrack(db, user.id, params.id, body);
    return getTrackDetail(db, params.id);
  },
);
