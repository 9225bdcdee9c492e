import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { settings } from "@/db/schema";

/** Instance settings an admin can change, with their defaults. */
export const instanceSettingsSchema = z.object({
  registrationOpen: z.boolean().default(true),
  defaultLocale: z.enum(["en", "ru"]).default("en"),
});
export type InstanceSettings = z.infer<typeof instanceSettingsSchema>;

export async function getInstanceSettings(db: Db): Promise<InstanceSettings> {
  const rows = await db.select().from(settings);
  return instanceSettingsSchema.parse(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

export async function setInstanceSetting<K extends keyof InstanceSettings>(
  db: Db,
  key: K,
  value: InstanceSettings[K],
): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

export async function deleteInstanceSetting(db: Db, key: keyof InstanceSettings): Promise<void> {
  await db.delete(settings).where(eq(settings.key, key));
}
