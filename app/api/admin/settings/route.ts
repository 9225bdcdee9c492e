import { adminUpdateSettings, settingsPatchBody } from "@/lib/admin/settings";
import { route } from "@/lib/http";
import { getInstanceSettings } from "@/lib/settings";

export const GET = route({ auth: "admin" }, ({ db }) => getInstanceSettings(db));

export const PATCH = route({ auth: "admin", body: settingsPatchBody }, ({ db, user, body }) =>
  adminUpdateSettings(db, user.id, body),
);
