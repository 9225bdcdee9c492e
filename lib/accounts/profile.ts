import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { BadRequest } from "@/lib/errors";

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
  .strict()
  // An empty patch has nothing to write (and an empty UPDATE is an error, not a no-op).
  .refine((p) => p.locale !== undefined || p.timeZone !== undefined, { message: "Nothing to change" });

// Statistics bucket in PostgreSQL (AT TIME ZONE): a zone this runtime knows but the database does not
// would be accepted here and then fail every stats call, so the database's own list decides.
let dbZones: Promise<Set<string>> | undefined;
async function databaseKnowsZone(db: Db, tz: string): Promise<boolean> {
  dbZones ??= db
    .execute<{ name: string }>(sql`select name from pg_timezone_names`)
    .then((rows) => new Set(rows.map((r) => r.name)))
    .catch((err) => {
      dbZones = undefined;
      throw err;
    });
  return (await dbZones).has(tz);
}

export async function updateProfile(db: Db, userId: number, patch: z.infer<typeof profilePatchSchema>) {
  if (patch.timeZone && !(await databaseKnowsZone(db, patch.timeZone)))
    throw new BadRequest("Unknown time zone", "timeZone", "unknown_time_zone");
  const [row] = await db
    .update(users)
    .set(patch)
    .where(eq(users.id, userId))
    .returning({ id: users.id, username: users.username, locale: users.locale, timeZone: users.timeZone });
  return row;
}
