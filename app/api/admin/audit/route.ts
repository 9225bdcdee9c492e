import { auditQuery, listAudit } from "@/lib/admin/audit";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: auditQuery }, ({ db, query }) => listAudit(db, query));
