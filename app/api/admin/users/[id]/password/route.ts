import { idParam } from "@/lib/admin/paging";
import { adminResetPassword, resetPasswordBody } from "@/lib/admin/users";
import { route } from "@/lib/http";

export const POST = route(
  { auth: "admin", params: idParam, body: resetPasswordBody },
  ({ db, user, params, body }) => adminResetPassword(db, user.id, params.id, body.password),
);
