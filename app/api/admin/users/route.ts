import { adminCreateUser, createUserBody, listUsers, userListQuery } from "@/lib/admin/users";
import { json, route } from "@/lib/http";

export const GET = route({ auth: "admin", query: userListQuery }, ({ db, query }) => listUsers(db, query));

export const POST = route({ auth: "admin", body: createUserBody }, async ({ db, user, body }) =>
  json(await adminCreateUser(db, user.id, body), 201),
);
