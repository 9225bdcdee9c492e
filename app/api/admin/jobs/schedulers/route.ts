import { schedulerStatus } from "@/lib/admin/jobs";
import { route } from "@/lib/http";

export const GET = route({ auth: "admin" }, ({ db }) => schedulerStatus(db));
