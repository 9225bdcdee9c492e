import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { Conflict, NotFound } from "@/lib/errors";

export type UserSnapshot = {
  id: number;
  username: string;
  role: "user" | "admin";
  disabledAt: Date | null;
};

/**
 * Locks the target row and serialises every change that could remove an admin, so two admins demoting
 * each other at the same moment cannot leave the instance with none.
 */
export async function lockUser(tx: Db, id: number): Promise<UserSnapshot> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:admins'))`);
  const [row] = await tx
    .select({ id: users.id, username: users.username, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id))
    .for("update");
  if (!row) throw new NotFound("No such user");
  return row;
}

/** An enabled admin may lose that status only while another enabled admin remains. */
export async function assertNotLastAdmin(tx: Db, target: UserSnapshot, verb: string): Promise<void> {
  if (target.role !== "admin" || target.disabledAt) return;
  const [others] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, target.id)));
  if ((others?.n ?? 0) === 0)
    throw new Conflict(`The last admin cannot be ${verb}; promote another user first`, "role");
}

export function assertNotSelf(actorId: number, targetId: number, verb: string): void {
  if (actorId === targetId) throw new Conflict(`You cannot ${verb} your own account here`);
}
