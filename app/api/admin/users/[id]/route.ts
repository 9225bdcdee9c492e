import { idParam } from "@/lib/admin/paging";
import { syncUserPolling, userConnections } from "@/lib/admin/user-polling";
import { adminDeleteUser, adminUpdateUser, deleteUserBody, updateUserBody } from "@/lib/admin/users";
import { route } from "@/lib/http";

export const PATCH = route(
  { auth: "admin", params: idParam, body: updateUserBody },
  async ({ db, user, params, body }) => {
    const updated = await adminUpdateUser(db, user.id, params.id, body);
    if (body.disabled !== undefined)
      await syncUserPolling(await userConnections(db, params.id), !updated.disabledAt);
    return updated;
  },
);

// The body carries the typed confirmation (the username), so a stray DELETE cannot erase anyone.
export const DELETE = route(
  { auth: "admin", params: idParam, body: deleteUserBody },
  async ({ db, user, params, body }) => {
    const conns = await userConnections(db, params.id);
    const result = await adminDeleteUser(db, user.id, params.id, body.confirm);
    await syncUserPolling(conns, false);
    return result;
  },
);
