import { z } from "zod";
import { createUser, registerSchema } from "@/lib/accounts/users";
import { json, route } from "@/lib/http";
import { requestAddress } from "@/lib/net/client-address";

const body = registerSchema.extend({ setupToken: z.string().max(200).optional() });

export const POST = route({ auth: "none", body }, async ({ db, body, req }) => {
  const user = await createUser(db, {
    ...body,
    registrant: { address: requestAddress(req.headers), setupToken: body.setupToken },
  });
  return json({ id: user.id, username: user.username, role: user.role }, 201);
});
