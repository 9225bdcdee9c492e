import { and, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { connectionStatus, connections, importStatus, imports, providers, users } from "@/db/schema";
import { int4Id } from "@/lib/validation/fields";
import { offsetOf, type Page, pageQuery } from "./paging";

export const importQuery = pageQuery.extend({
  userId: int4Id.optional(),
  status: z.enum(importStatus).optional(),
});

const REPORT_ROWS = 50;

export async function listImports(db: Db, q: z.infer<typeof importQuery>) {
  const where = and(
    q.userId ? eq(imports.userId, q.userId) : undefined,
    q.status ? eq(imports.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: imports.id,
        userId: imports.userId,
        username: users.username,
        kind: imports.kind,
        fileName: imports.fileName,
        status: imports.status,
        counts: imports.counts,
        error: imports.error,
        report: imports.report,
        createdAt: imports.createdAt,
        startedAt: imports.startedAt,
        finishedAt: imports.finishedAt,
      })
      .from(imports)
      .innerJoin(users, eq(users.id, imports.userId))
      .where(where)
      .orderBy(desc(imports.createdAt), desc(imports.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(imports).where(where),
  ]);
  // A rejected-row report can hold thousands of lines; the list shows the first ones and the total.
  const items = rows.map((r) => ({
    ...r,
    reportTotal: r.report?.length ?? 0,
    report: r.report?.slice(0, REPORT_ROWS) ?? [],
  }));
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export const connectionQuery = pageQuery.extend({
  userId: int4Id.optional(),
  status: z.enum(connectionStatus).optional(),
  provider: z.enum(providers).optional(),
});

/**
 * Connection health for the operator. The column list is explicit on purpose: token ciphertexts are
 * never selected, so no later change to this response can leak them.
 */
export const connectionColumns = {
  id: connections.id,
  userId: connections.userId,
  username: users.username,
  userDisabledAt: users.disabledAt,
  provider: connections.provider,
  externalName: connections.externalName,
  status: connections.status,
  lastError: connections.lastError,
  lastErrorAt: connections.lastErrorAt,
  lastPollAt: connections.lastPollAt,
  lastSuccessAt: connections.lastSuccessAt,
  consentAt: connections.consentAt,
  expiresAt: connections.expiresAt,
  scopes: connections.scopes,
  gap: connections.gap,
  createdAt: connections.createdAt,
};

export async function listConnections(db: Db, q: z.infer<typeof connectionQuery>) {
  const where = and(
    q.userId ? eq(connections.userId, q.userId) : undefined,
    q.status ? eq(connections.status, q.status) : undefined,
    q.provider ? eq(connections.provider, q.provider) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select(connectionColumns)
      .from(connections)
      .innerJoin(users, eq(users.id, connections.userId))
      .where(where)
      .orderBy(connections.status, desc(connections.lastErrorAt), connections.id)
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(connections).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize } satisfies Page<unknown>;
}
