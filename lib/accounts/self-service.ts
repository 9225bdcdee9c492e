import fs from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/admin/audit";
import { assertNotLastAdmin, lockUser } from "@/lib/admin/guards";
import { env } from "@/lib/env";
import { BadRequest, HttpError } from "@/lib/errors";
import { consume, forget } from "./limits";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "./users";

/**
 * What a signed-in person can do to their own account without an admin. Each asks for the current
 * password (a borrowed, unlocked browser must not be enough), counted against the same per-user limit as
 * sign-in guesses, and each ends every session of the account.
 */
async function assertCurrentPassword(db: Db, userId: number, password: string): Promise<void> {
  const key = `self:${userId}`;
  await consume(["currentPassword", key]);
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!row || !(await verifyPassword(row.hash, password)))
    throw new BadRequest("The current password is wrong", "currentPassword", "wrong_password");
  await forget("currentPassword", key);
}

export const changePasswordBody = z.object({
  currentPassword: z.string().max(256),
  newPassword: z.string().max(256),
});

export async function changeOwnPassword(
  db: Db,
  user: { id: number; username: string },
  body: z.infer<typeof changePasswordBody>,
) {
  try {
    assertPasswordAllowed(body.newPassword, user.username);
  } catch (err) {
    // The same rules as registration, reported on this form's field.
    if (err instanceof HttpError)
      throw new BadRequest(err.message, "newPassword", String(err.extra.code ?? ""));
    throw err;
  }
  await assertCurrentPassword(db, user.id, body.currentPassword);
  await db
    .update(users)
    .set({
      passwordHash: await hashPassword(body.newPassword),
      sessionVersion: sql`${users.sessionVersion} + 1`,
    })
    .where(eq(users.id, user.id));
  await writeAudit(db, { actorId: user.id, action: "user.change_password", target: `user:${user.id}` });
}

export const deleteAccountBody = z.object({
  currentPassword: z.string().max(256),
  confirm: z.string().max(100),
});

/** Deletes the account and, through the foreign-key cascades, every listen, like, connection and import. */
export async function deleteOwnAccount(
  db: Db,
  user: { id: number; username: string },
  body: z.infer<typeof deleteAccountBody>,
) {
  if (body.confirm !== user.username)
    throw new BadRequest("Type your username exactly to confirm", "confirm", "confirm_mismatch");
  await assertCurrentPassword(db, user.id, body.currentPassword);
  await db.transaction(async (tx) => {
    await assertNotLastAdmin(tx, await lockUser(tx, user.id), "deleted");
    // Written first: the entry's actor is set to null by the cascade, the target keeps the id.
    await writeAudit(tx, { actorId: user.id, action: "user.delete_self", target: `user:${user.id}` });
    await tx.delete(users).where(eq(users.id, user.id));
  });
  // Uploads still on disk (named "<userId>-…"): their import rows are gone with the account.
  const dir = path.join(env().DATA_DIR, "uploads");
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(`${user.id}-`))
      .map((n) => fs.rm(path.join(dir, n), { recursive: true, force: true })),
  );
}
