import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type OnboardingFlags, users } from "@/db/schema";
import { NotFound } from "@/lib/errors";

export type OnboardingStep = "connect" | "import" | "timeZone" | "install";

export type Onboarding = {
  /** False once dismissed or complete: the dashboard then shows nothing. */
  visible: boolean;
  timeZone: string | null;
  /** Done steps, from the person's real data. `install` can also be done on a device the server cannot see. */
  done: Record<OnboardingStep, boolean>;
};

/**
 * The first-run checklist's state. Connection and import come from the rows themselves, so a step ticks
 * itself however it was done (Settings, the import page, an admin); the time zone counts once the person
 * confirmed it (the browser's guess is saved silently and may be wrong), the app once it ran installed.
 */
export async function getOnboarding(db: Db, userId: number): Promise<Onboarding> {
  const [row] = (await db.execute(sql`select u.time_zone as "timeZone", u.onboarding,
      exists(select 1 from connections c where c.user_id = u.id) as connect,
      exists(select 1 from imports i where i.user_id = u.id and i.status = 'done') as "import"
    from users u where u.id = ${userId}`)) as unknown as {
    timeZone: string | null;
    onboarding: OnboardingFlags;
    connect: boolean;
    import: boolean;
  }[];
  if (!row) throw new NotFound("No such user");
  const flags = row.onboarding;
  const done = {
    connect: row.connect,
    import: row.import,
    timeZone: !!row.timeZone && !!flags.timeZoneConfirmed,
    install: !!flags.installed,
  };
  return { visible: !flags.dismissed && !Object.values(done).every(Boolean), timeZone: row.timeZone, done };
}

const flag = z.literal(true).optional();
export const onboardingPatch = z
  .object({ dismissed: flag, timeZoneConfirmed: flag, installed: flag })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: "Nothing to change" });

/** Flags only ever turn on: a second device or a stale tab cannot bring a dismissed checklist back. */
export async function updateOnboarding(db: Db, userId: number, patch: z.infer<typeof onboardingPatch>) {
  await db
    .update(users)
    .set({ onboarding: sql`${users.onboarding} || ${JSON.stringify(patch)}::jsonb` })
    .where(eq(users.id, userId));
  return getOnboarding(db, userId);
}
