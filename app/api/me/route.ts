import { LOCALE_COOKIE } from "@/i18n/locale";
import { profilePatchSchema, updateProfile } from "@/lib/accounts/profile";
import { json, route } from "@/lib/http";

export const GET = route({ auth: "user" }, async ({ user }) => user);

export const PATCH = route({ auth: "user", body: profilePatchSchema }, async ({ db, user, body }) => {
  const res = json(await updateProfile(db, user.id, body));
  if (body.locale)
    res.cookies.set(LOCALE_COOKIE, body.locale, { path: "/", sameSite: "lax", maxAge: 31536000 });
  return res;
});
