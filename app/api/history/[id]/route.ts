import { route } from "@/lib/http";
import { deleteListen } from "@/lib/stats/history";
import { listenIdParams } from "@/lib/stats/params";

export const DELETE = route({ auth: "user", params: listenIdParams }, ({ db, user, params }) =>
  deleteListen(db, user.id, params.id),
);
