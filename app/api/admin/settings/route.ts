import { route } from "@/lib/http";
import { getInstanceSettings, instanceSettingsSchema, setInstanceSetting } from "@/lib/settings";

export const GET = route({ auth: "admin" }, ({ db }) => getInstanceSettings(db));

export const PATCH = route(
  { auth: "admin", body: instanceSettingsSchema.partial().strict() },
  async ({ db, body }) => {
    if (body.registrationOpen !== undefined)
      await setInstanceSetting(db, "registrationOpen", body.registrationOpen);
    if (body.defaultLocale !== undefined) await setInstanceSetting(db, "defaultLocale", body.defaultLocale);
    return getInstanceSettings(db);
  },
);
