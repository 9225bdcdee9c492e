import { adminRetryJob, retryBody } from "@/lib/admin/jobs";
import { route } from "@/lib/http";

export const POST = route({ auth: "admin", body: retryBody }, ({ db, user, body }) =>
  adminRetryJob(db, user.id, body),
);
