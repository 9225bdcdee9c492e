import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const profilePatchSchema = z
  .object({
    locale: z.enum(["en", "ru"]).optional(),
    timeZone: z.string().max(64).refine(isTimeZone, "Unknown time zone").optional(),
  })
  .strict();

export async function updateProfile(db: Db, userId: number, patch: z.infer<typeof profilePatchSchema>) {
  const [row] = await db
    .update(users)
    .set(patch)
    .where(eq(users.id, userId))
    .returning({ id: users.id, username: users.username, locale: users.locale, timeZone: users.timeZone });
  return row;
}
