import { connectionQuery, listConnections } from "@/lib/admin/records";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: connectionQuery }, ({ db, query }) =>
  listConnections(db, query),
);
