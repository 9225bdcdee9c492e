import { endAllSessions } from "@/lib/auth";
import { route } from "@/lib/http";

/** "Sign out everywhere": every session of the account ends, on every device, this one too. */
export const DELETE = route({ auth: "user" }, async ({ db, user }) => {
  await endAllSessions(db, user.id);
  return { status: "ok", signedOut: true };
});
