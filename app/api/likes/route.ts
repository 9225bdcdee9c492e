import { route } from "@/lib/http";
import { getLikes } from "@/lib/stats/likes";
import { statsParams, statsQuery } from "@/lib/stats/params";

// Likes change without listens changing (like sync), so this one is not cached.
export const GET = route({ auth: "user", query: statsQuery }, ({ db, user, query }) =>
  getLikes(db, statsParams(user, query)),
);
