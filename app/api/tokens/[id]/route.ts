import { z } from "zod";
import { revokeToken } from "@/lib/api-tokens/tokens";
import { route } from "@/lib/http";
import { int4Id } from "@/lib/validation/fields";

const params = z.object({ id: int4Id });

export const DELETE = route({ auth: "user", params }, ({ db, user, params }) =>
  revokeToken(db, user.id, params.id),
);
