import { count, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { offsetOf, optionalText, type Page, pageQuery } from "./paging";

export type AuditEntry = {
  actorId: number;
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
};

/** Call with the transaction that performs the action, so the log and the change commit (or fail) together. */
export async function writeAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    target: entry.target ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export const auditQuery = pageQuery.extend({ action: optionalText });

export type AuditRow = {
  id: number;
  actorId: number | null;
  actor: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

export async function listAudit(db: Db, q: z.infer<typeof auditQuery>): Promise<Page<AuditRow>> {
  const where = q.action ? sql`${auditLog.action} like ${`${q.action}%`}` : undefined;
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        actorId: auditLog.actorId,
        actor: users.username,
        action: auditLog.action,
        target: auditLog.target,
        before: auditLog.before,
        after: auditLog.after,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
