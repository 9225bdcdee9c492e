import { failedQuery, jobsOverview } from "@/lib/admin/jobs";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin", query: failedQuery }, ({ db, query }) => jobsOverview(db, query));
