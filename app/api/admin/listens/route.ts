import { adminDeleteListens, deleteListensBody, listenQuery, listListens } from "@/lib/admin/listens";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: listenQuery }, ({ db, query }) => listListens(db, query));

export const DELETE = route({ auth: "admin", body: deleteListensBody }, ({ db, user, body }) =>
  adminDeleteListens(db, user.id, body.ids),
);
