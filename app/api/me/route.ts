import { LOCALE_COOKIE } from "@/i18n/locale";
import { profilePatchSchema, updateProfile } from "@/lib/accounts/profile";
import { deleteAccountBody, deleteOwnAccount } from "@/lib/accounts/self-service";
import { json, route } from "@/lib/http";

export const GET = route({ auth: "user" }, async ({ user }) => user);

export const PATCH = route({ auth: "user", body: profilePatchSchema }, async ({ db, user, body }) => {
  const res = json(await updateProfile(db, user.id, body));
  if (body.locale)
    res.cookies.set(LOCALE_COOKIE, body.locale, { path: "/", sameSite: "lax", maxAge: 31536000 });
  return res;
});

/** Deletes the signed-in person's account and all their data (the page offers the export first). */
export const DELETE = route({ auth: "user", body: deleteAccountBody }, async ({ db, user, body }) => {
  await deleteOwnAccount(db, user, body);
  return { status: "ok", deleted: true };
});
