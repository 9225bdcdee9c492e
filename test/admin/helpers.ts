import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { likes, listens, lyrics, providerIds, tracks } from "@/db/schema";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";

export async function signedIn(role: "user" | "admin") {
  let user = await createTestUser({ prefix: role === "admin" ? "adm" : "usr", role });
  // The first account of a fresh database is always made admin; a "user" must really be one.
  if (user.role !== role) user = await createTestUser({ prefix: "usr", role });
  const client = new TestClient();
  const res = await client.signIn(user.username, user.password);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return { user, client };
}

const tag = () => randomBytes(4).toString("hex");

export async function seedTrack(opts: { title?: string; artist?: string; isrc?: string | null } = {}) {
  const title = opts.title ?? `Song ${tag()}`;
  const [t] = await getDb()
    .insert(tracks)
    .values({
      title,
      normTitle: title.toLowerCase(),
      artistLine: opts.artist ?? `Artist ${tag()}`,
      isrc: opts.isrc ?? null,
    })
    .returning();
  if (!t) throw new Error("no track");
  return t;
}

export async function seedListens(
  userId: number,
  trackId: number,
  n: number,
  opts: { start?: Date; source?: "spotify" | "yandex" | "import"; stepMs?: number } = {},
) {
  const start = opts.start?.getTime() ?? Date.UTC(2025, 0, 1);
  const rows = Array.from({ length: n }, (_, i) => ({
    userId,
    trackId,
    source: opts.source ?? ("spotify" as const),
    origin: "live" as const,
    startedAt: new Date(start + i * (opts.stepMs ?? 60_000)),
    msPlayed: 180_000,
    dedupKey: `test:${tag()}:${i}`,
  }));
  return getDb().insert(listens).values(rows).returning({ id: listens.id, startedAt: listens.startedAt });
}

export async function seedLike(userId: number, trackId: number, likedAt: Date) {
  await getDb().insert(likes).values({ userId, trackId, provider: "spotify", likedAt });
}

export async function seedLyrics(trackId: number, found: boolean, views = 0) {
  await getDb()
    .insert(lyrics)
    .values({ trackId, found, plain: found ? `words ${trackId}` : null, source: "lrclib", views });
}

export async function seedProviderId(trackId: number, provider: "spotify" | "yandex") {
  await getDb().insert(providerIds).values({ provider, kind: "track", externalId: tag(), entityId: trackId });
}

export async function countWhere(table: "listens" | "likes" | "lyrics", column: string, id: number) {
  const [row] = (await getDb().execute(
    sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${id}`,
  )) as unknown as { n: number }[];
  return row?.n ?? 0;
}

export async function auditFor(target: string) {
  return (await getDb().execute(
    sql`select action, actor_id as "actorId", before, after from audit_log where target = ${target} order by id`,
  )) as unknown as { action: string; actorId: number | null; before: unknown; after: unknown }[];
}
