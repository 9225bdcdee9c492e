import { z } from "zod";
import { route } from "@/lib/http";
import { cancelImport, getImport } from "@/lib/imports/create";

const params = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

export const GET = route({ auth: "user", params }, async ({ db, user, params }) =>
  getImport(db, { userId: user.id, id: params.id }),
);

export const DELETE = route({ auth: "user", params }, async ({ db, user, params }) =>
  cancelImport(db, { userId: user.id, id: params.id }),
);
