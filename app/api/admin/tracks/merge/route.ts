import { adminMergeTracks, mergeBody } from "@/lib/admin/track-merge";
import { route } from "@/lib/http";

export const POST = route({ auth: "admin", body: mergeBody }, ({ db, user, body }) =>
  adminMergeTracks(db, user.id, body.keepId, body.dropId),
);
