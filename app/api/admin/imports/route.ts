import { importQuery, listImports } from "@/lib/admin/records";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: importQuery }, ({ db, query }) => listImports(db, query));
