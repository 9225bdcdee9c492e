/** Seeding for the outbox tests: a few tracks, a history of listens, targets connected through the fakes. */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outboxTargets } from "@/db/schema";
import { upsertTracks } from "@/lib/catalog/upsert";
import { connectListenBrainz, finishLastfmConnect, startLastfmConnect } from "@/lib/outbox/targets";
import type { ListenBrainzControl } from "@/test/fakes/listenbrainz";
import type { Remote } from "@/test/fakes/server";

export async function seedTracks(db: Db, n = 12): Promise<number[]> {
  const tag = randomBytes(3).toString("hex");
  return upsertTracks(
    db,
    Array.from({ length: n }, (_, i) => ({
      provider: "spotify" as const,
      externalId: `ob${tag}${i}`,
      title: `Outbox Song ${tag} ${i}`,
      artists: [{ name: `Outbox Artist ${i % 4}` }],
      album: { title: `Outbox Album ${i % 3}` },
      durationMs: 200_000,
    })),
  );
}

/** `count` counted listens, one every `spacingS` seconds back from `endS`, through one INSERT (as imports do). */
export async function seedListens(
  db: Db,
  userId: number,
  trackIds: number[],
  p: { count: number; endS: number; spacingS: number; importId?: number; origin?: "live" | "history" },
) {
  const tag = randomBytes(4).toString("hex");
  await db.execute(sql`
    insert into listens (user_id, track_id, source, origin, started_at, ms_played, skipped, dedup_key, import_id)
    select ${userId}, (${`{${trackIds.join(",")}}`}::int[])[1 + (g % ${trackIds.length})], 'spotify',
      ${p.origin ?? "history"}, to_timestamp(${p.endS} - g * ${p.spacingS}), 200000, false,
      ${`ob:${tag}:`} || g, ${p.importId ?? null}
    from generate_series(1, ${p.count}) g`);
}

export async function connectLb(db: Db, lb: Remote<ListenBrainzControl>, userId: number) {
  const token = randomBytes(16).toString("hex");
  const name = `lb-${randomBytes(3).toString("hex")}`;
  await lb.addUser(token, name);
  await connectListenBrainz(db, userId, token);
  return { token, name, targetId: await targetId(db, userId, "listenbrainz") };
}

/** The whole web auth: our redirect, the fake's consent form approved, its redirect back to our callback. */
export async function connectLastfm(db: Db, userId: number) {
  const name = `fm-${randomBytes(3).toString("hex")}`;
  const auth = new URL(await startLastfmConnect(db, userId));
  const res = await fetch(auth.origin + auth.pathname, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      api_key: auth.searchParams.get("api_key") ?? "",
      cb: auth.searchParams.get("cb") ?? "",
      fake_user: name,
      decision: "approve",
    }).toString(),
    redirect: "manual",
  });
  const back = new URL(res.headers.get("location") ?? "");
  const outcome = await finishLastfmConnect(db, userId, {
    state: back.searchParams.get("state"),
    token: back.searchParams.get("token"),
  });
  if (!outcome.ok) throw new Error(`lastfm connect: ${outcome.code}`);
  return { name, targetId: await targetId(db, userId, "lastfm") };
}

export async function targetId(db: Db, userId: number, kind: "listenbrainz" | "lastfm") {
  const rows = await db.select().from(outboxTargets).where(eq(outboxTargets.userId, userId));
  const t = rows.find((r) => r.kind === kind);
  if (!t) throw new Error(`no ${kind} target`);
  return t.id;
}
