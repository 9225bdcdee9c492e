import { route } from "@/lib/http";
import { withStatsCache } from "@/lib/stats/cache";
import { searchLibrary, searchQuery } from "@/lib/stats/search";

// Cached per stats version like every stats answer: typing the same prefix again costs nothing.
export const GET = route({ auth: "user", query: searchQuery }, ({ db, user, query }) =>
  withStatsCache(db, user.id, `search|${query.q}`, () => searchLibrary(db, user.id, query.q)),
);
