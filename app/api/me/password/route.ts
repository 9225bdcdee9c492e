import { changeOwnPassword, changePasswordBody } from "@/lib/accounts/self-service";
import { route } from "@/lib/http";

/** Changes the signed-in person's password; every session ends, this one too (sign in with the new one). */
export const POST = route({ auth: "user", body: changePasswordBody }, async ({ db, user, body }) => {
  await changeOwnPassword(db, user, body);
  return { status: "ok", signedOut: true };
});
