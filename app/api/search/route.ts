import { route } from "@/lib/http";
import { searchLibrary, searchQuery } from "@/lib/stats/search";

export const GET = route({ auth: "user", query: searchQuery }, ({ db, user, query }) =>
  searchLibrary(db, user.id, query.q),
);
