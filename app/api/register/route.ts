import { createUser, registerSchema } from "@/lib/accounts/users";
import { json, route } from "@/lib/http";

export const POST = route({ auth: "none", body: registerSchema }, async ({ db, body }) => {
  const user = await createUser(db, body);
  return json({ id: user.id, username: user.username, role: user.role }, 201);
});
