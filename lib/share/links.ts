import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type ShareSections, shareLinks, users } from "@/db/schema";
import { consume, exhausted } from "@/lib/accounts/limits";
import { hashToken, newToken } from "@/lib/api-tokens/tokens";
import { BadRequest, NotFound } from "@/lib/errors";

/** Active links per user: enough for every place one shares to; a cap keeps a leaked session from minting without end. */
export const MAX_SHARE_LINKS = 20;
export const SHARE_RANGES = ["all", "year", "30d"] as const;

export const shareLinkBody = z.object({
  displayName: z.string().trim().max(60).default(""),
  sections: z
    .object({
      profile: z.boolean().optional(),
      top: z.enum(SHARE_RANGES).optional(),
      recap: z.number().int().min(1970).max(2100).optional(),
    })
    .strict()
    .refine((s) => s.profile || s.top || s.recap, "Choose at least one section"),
});
export type ShareLinkBody = z.infer<typeof shareLinkBody>;

export type ShareLinkInfo = {
  id: number;
  displayName: string;
  sections: ShareSections;
  created: string;
  lastViewed: string | null;
  views: number;
};

/** Creates a link and returns its token once; only the hash is stored. */
export async function createShareLink(
  db: Db,
  p: { userId: number } & ShareLinkBody,
): Promise<{ id: number; token: string }> {
  return db.transaction(async (tx) => {
    // Serialises concurrent creates of one user so the cap cannot be raced past.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:share-links'), ${p.userId})`);
    const [n] = await tx
      .select({ n: count() })
      .from(shareLinks)
      .where(and(eq(shareLinks.userId, p.userId), isNull(shareLinks.revokedAt)));
    if ((n?.n ?? 0) >= MAX_SHARE_LINKS)
      throw new BadRequest(`At most ${MAX_SHARE_LINKS} share links: revoke one first`, "sections", "limit");
    const token = newToken("");
    const sections: ShareSections = {
      ...(p.sections.profile && { profile: true }),
      ...(p.sections.top && { top: p.sections.top }),
      ...(p.sections.recap && { recap: p.sections.recap }),
    };
    const [row] = await tx
      .insert(shareLinks)
      .values({ userId: p.userId, tokenHash: hashToken(token), displayName: p.displayName, sections })
      .returning({ id: shareLinks.id });
    return { id: row?.id as number, token };
  });
}

/** The user's active links, newest first: never the token. */
export async function listShareLinks(db: Db, userId: number): Promise<ShareLinkInfo[]> {
  const rows = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.userId, userId), isNull(shareLinks.revokedAt)))
    .orderBy(desc(shareLinks.id));
  return rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    sections: r.sections,
    created: r.createdAt.toISOString(),
    lastViewed: r.lastViewedAt?.toISOString() ?? null,
    views: r.views,
  }));
}

export async function revokeShareLink(db: Db, userId: number, id: number): Promise<{ status: "ok" }> {
  const done = await db
    .update(shareLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(shareLinks.id, id), eq(shareLinks.userId, userId), isNull(shareLinks.revokedAt)))
    .returning({ id: shareLinks.id });
  if (!done.length) throw new NotFound("No such share link");
  return { status: "ok" };
}

export type SharedLink = {
  id: number;
  userId: number;
  timeZone: string | null;
  displayName: string;
  sections: ShareSections;
};

/**
 * The active link a token opens, or null (unknown, revoked, or its owner disabled: one answer for all, so
 * a token cannot be probed). One probe of the unique hash index whatever the token.
 */
export async function resolveShareLink(db: Db, token: string): Promise<SharedLink | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({
      id: shareLinks.id,
      userId: shareLinks.userId,
      timeZone: users.timeZone,
      displayName: shareLinks.displayName,
      sections: shareLinks.sections,
    })
    .from(shareLinks)
    .innerJoin(users, eq(users.id, shareLinks.userId))
    .where(
      and(eq(shareLinks.tokenHash, hashToken(token)), isNull(shareLinks.revokedAt), isNull(users.disabledAt)),
    );
  return row ?? null;
}

/**
 * resolveShareLink for a request from `address`: an address that keeps opening unknown tokens is answered
 * "not found" for every token for a minute, the same answer an unknown token gets.
 */
export async function openShareLink(db: Db, token: string, address: string): Promise<SharedLink | null> {
  if (await exhausted("shareMiss", address)) return null;
  const link = await resolveShareLink(db, token);
  if (!link) await consume(["shareMiss", address]).catch(() => {});
  return link;
}

export async function countShareView(db: Db, id: number): Promise<void> {
  await db
    .update(shareLinks)
    .set({ views: sql`${shareLinks.views} + 1`, lastViewedAt: sql`now()` })
    .where(eq(shareLinks.id, id));
}
