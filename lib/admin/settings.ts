import { z } from "zod";
import type { Db } from "@/db/client";
import { getInstanceSettings, type InstanceSettings, setInstanceSetting } from "@/lib/settings";
import { writeAudit } from "./audit";

export async function adminUpdateSettings(
  db: Db,
  actorId: number,
  patch: Partial<InstanceSettings>,
): Promise<InstanceSettings> {
  return db.transaction(async (tx) => {
    const before = await getInstanceSettings(tx);
    if (patch.registrationOpen !== undefined)
      await setInstanceSetting(tx, "registrationOpen", patch.registrationOpen);
    if (patch.defaultLocale !== undefined) await setInstanceSetting(tx, "defaultLocale", patch.defaultLocale);
    const after = await getInstanceSettings(tx);
    await writeAudit(tx, { actorId, action: "settings.update", target: "settings", before, after });
    return after;
  });
}

// Written out rather than instanceSettingsSchema.partial(): zod 4 still applies the defaults inside
// .partial(), so changing one setting would silently reset the others.
export const settingsPatchBody = z
  .object({ registrationOpen: z.boolean().optional(), defaultLocale: z.enum(["en", "ru"]).optional() })
  .strict();
