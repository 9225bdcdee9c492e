import { route } from "@/lib/http";
import { addExclusion, exclusionTarget, listExclusions, removeExclusion } from "@/lib/stats/exclusions";

// What the user hid from their statistics: list, hide ({kind, id} body), show again (?kind=&id=).
export const GET = route({ auth: "user" }, ({ db, user }) => listExclusions(db, user.id));

export const POST = route({ auth: "user", body: exclusionTarget }, ({ db, user, body }) =>
  addExclusion(db, user.id, body),
);

export const DELETE = route({ auth: "user", query: exclusionTarget }, ({ db, user, query }) =>
  removeExclusion(db, user.id, query),
);
