import { z } from "zod";
import { route } from "@/lib/http";
import { revokeShareLink } from "@/lib/share/links";
import { int4Id } from "@/lib/validation/fields";

const params = z.object({ id: int4Id });

/** Revokes one of the user's links; another user's id is a 404 like an unknown one. */
export const DELETE = route({ auth: "user", params }, ({ db, user, params }) =>
  revokeShareLink(db, user.id, params.id),
);
