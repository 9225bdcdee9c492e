import { consume } from "@/lib/accounts/limits";
import { json, route } from "@/lib/http";
import { listImports } from "@/lib/imports/create";
import { resumeImports } from "@/lib/imports/enqueue";
import { startImportFromRequest } from "@/lib/imports/start";

export const GET = route({ auth: "user" }, async ({ db, user }) => {
  await resumeImports();
  return { imports: await listImports(db, { userId: user.id }) };
});

/** multipart/form-data, one or more files in the field `file` → 202 {id}; progress at GET /api/imports/{id}. */
export const POST = route({ auth: "user" }, async ({ db, user, req }) => {
  await consume(["upload", String(user.id)]);
  await resumeImports();
  return json(await startImportFromRequest(db, user.id, req), 202);
});
