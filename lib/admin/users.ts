import { asc, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { assertPasswordAllowed, createUser, hashPassword, usernameSchema } from "@/lib/accounts/users";
import { BadRequest } from "@/lib/errors";
import { writeAudit } from "./audit";
import { assertNotLastAdmin, assertNotSelf, lockUser, type UserSnapshot } from "./guards";
import { offsetOf, optionalText, type Page, pageQuery } from "./paging";

export const userListQuery = pageQuery.extend({
  q: optionalText,
  sort: z.enum(["username", "createdAt", "listens", "role"]).default("username"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  status: z.enum(["all", "active", "disabled", "admin"]).default("all"),
});

export type AdminUserRow = {
  id: number;
  username: string;
  role: "user" | "admin";
  locale: "en" | "ru" | null;
  createdAt: Date;
  disabledAt: Date | null;
  listens: number;
  lastListenAt: string | null;
  providers: string[];
};

// Drizzle writes a one-table select's columns unqualified ("id"); inside a correlated subquery that binds to the
// inner table's own id (a listen or connection whose id happened to equal the user's: the year-old "Last
// listen" and the missing Yandex). Subqueries name the outer row explicitly.
const userIdRef = sql`${users}.${sql.identifier("id")}`;

// Counted plays from the stats rollup, so sorting a family's users by plays never scans the listens table.
const listenCount = sql<number>`(select coalesce(sum(r.plays), 0)::int from listen_track_totals r
  where r.user_id = ${userIdRef})`;

export async function listUsers(db: Db, q: z.infer<typeof userListQuery>): Promise<Page<AdminUserRow>> {
  const filters = [
    q.q ? sql`${users.username} ilike ${`%${q.q.replace(/[\\%_]/g, "\\$&")}%`}` : undefined,
    q.status === "active" ? sql`${users.disabledAt} is null` : undefined,
    q.status === "disabled" ? sql`${users.disabledAt} is not null` : undefined,
    q.status === "admin" ? sql`${users.role} = 'admin'` : undefined,
  ].filter((f) => f !== undefined);
  const where = filters.length ? sql.join(filters, sql` and `) : undefined;
  const sortCol = {
    username: sql`lower(${users.username})`,
    createdAt: users.createdAt,
    listens: listenCount,
    role: users.role,
  }[q.sort];
  const order = q.dir === "asc" ? asc(sortCol) : desc(sortCol);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        username: users.username,
        role: users.role,
        locale: users.locale,
        createdAt: users.createdAt,
        disabledAt: users.disabledAt,
        listens: listenCount,
        lastListenAt: sql<
          string | null
        >`(select to_json(max(l.started_at)) #>> '{}' from listens l where l.user_id = ${userIdRef})`,
        providers: sql<
          string[]
        >`coalesce((select array_agg(c.provider order by c.provider) from connections c where c.user_id = ${userIdRef}), '{}')`,
      })
      .from(users)
      .where(where)
      .orderBy(order, asc(users.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export const createUserBody = z.object({
  username: usernameSchema,
  password: z.string().max(256),
  role: z.enum(["user", "admin"]).default("user"),
});

export async function adminCreateUser(db: Db, actorId: number, body: z.infer<typeof createUserBody>) {
  return db.transaction(async (tx) => {
    const user = await createUser(tx, { ...body, byAdmin: true });
    await writeAudit(tx, {
      actorId,
      action: "user.create",
      target: `user:${user.id}`,
      after: { username: user.username, role: user.role },
    });
    return user;
  });
}

export const updateUserBody = z
  .object({ disabled: z.boolean().optional(), role: z.enum(["user", "admin"]).optional() })
  .strict()
  .refine((b) => b.disabled !== undefined || b.role !== undefined, "Nothing to change");

const snapshot = (u: UserSnapshot) => ({ role: u.role, disabledAt: u.disabledAt });

/** Disable/enable and promote/demote. Disabling also stops polling: the poll jobs skip disabled users. */
export async function adminUpdateUser(
  db: Db,
  actorId: number,
  id: number,
  body: z.infer<typeof updateUserBody>,
): Promise<UserSnapshot> {
  return db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (body.disabled === true && !before.disabledAt) {
      assertNotSelf(actorId, id, "disable");
      await assertNotLastAdmin(tx, before, "disabled");
    }
    if (body.role === "user" && before.role === "admin") await assertNotLastAdmin(tx, before, "demoted");
    const disabledAt =
      body.disabled === undefined
        ? before.disabledAt
        : body.disabled
          ? (before.disabledAt ?? new Date())
          : null;
    const [after] = await tx
      .update(users)
      .set({ disabledAt, role: body.role ?? before.role })
      .where(eq(users.id, id))
      .returning({ id: users.id, username: users.username, role: users.role, disabledAt: users.disabledAt });
    if (!after) throw new Error("user vanished under lock");
    const action =
      body.role && body.role !== before.role
        ? body.role === "admin"
          ? "user.promote"
          : "user.demote"
        : body.disabled
          ? "user.disable"
          : "user.enable";
    await writeAudit(tx, {
      actorId,
      action,
      target: `user:${id}`,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

export const resetPasswordBody = z.object({ password: z.string().max(256) });

export async function adminResetPassword(db: Db, actorId: number, id: number, password: string) {
  return db.transaction(async (tx) => {
    const target = await lockUser(tx, id);
    assertPasswordAllowed(password, target.username);
    await tx
      .update(users)
      // A new password ends every session of the account: whoever had the old one is out.
      .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, id));
    // The hash itself never goes into the log; only the fact that it changed.
    await writeAudit(tx, { actorId, action: "user.reset_password", target: `user:${id}` });
    return { id, username: target.username };
  });
}

export const deleteUserBody = z.object({ confirm: z.string() });

/** Deletes a user and, through the foreign-key cascades, every listen, like, connection and import of theirs. */
export async function adminDeleteUser(db: Db, actorId: number, id: number, confirm: string) {
  return db.transaction(async (tx) => {
    const target = await lockUser(tx, id);
    if (confirm !== target.username)
      throw new BadRequest("Type the username exactly to confirm", "confirm", "confirm_mismatch");
    assertNotSelf(actorId, id, "delete");
    await assertNotLastAdmin(tx, target, "deleted");
    const [counts] = await tx.execute<Record<string, number>>(sql`select
      (select count(*)::int from listens where user_id = ${id}) as listens,
      (select count(*)::int from likes where user_id = ${id}) as likes,
      (select count(*)::int from connections where user_id = ${id}) as connections,
      (select count(*)::int from imports where user_id = ${id}) as imports`);
    await tx.delete(users).where(eq(users.id, id));
    await writeAudit(tx, {
      actorId,
      action: "user.delete",
      target: `user:${id}`,
      before: { username: target.username, ...snapshot(target), ...counts },
    });
    return { id, username: target.username, deleted: counts };
  });
}
