import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { connections, listens, tracks } from "@/db/schema";
import { applyObservation } from "@/lib/listening/write";
import { createTestUser } from "@/test/helpers/factories";
import { type Segment, snapshotAt } from "./player-sim";

// DB tests on the real PostgreSQL: each test has its own user; a fresh clock per test.
export const db = () => getDb();
let clock = Date.UTC(2026, 0, 1, 12, 0, 0);
export const freshClock = () => {
  clock += 24 * 3600_000;
  return clock;
};

export async function setup() {
  const user = await createTestUser({ prefix: "listen" });
  await db().insert(connections).values({ userId: user.id, provider: "spotify", accessTokenEnc: "x" });
  return user.id;
}

export async function poll(userId: number, script: Segment[], times: number[]) {
  const results = [];
  for (const t of times) {
    results.push(
      await applyObservation(db(), {
        userId,
        provider: "spotify",
        observation: { snapshot: snapshotAt(script, t) },
        now: t,
      }),
    );
  }
  return results;
}

export const every = (from: number, to: number, stepMs: number) => {
  const out: number[] = [];
  for (let t = from; t <= to; t += stepMs) out.push(t);
  return out;
};

export async function listensOf(userId: number) {
  return db()
    .select({
      id: listens.id,
      title: tracks.title,
      origin: listens.origin,
      skipped: listens.skipped,
      startedAt: listens.startedAt,
      endedAt: listens.endedAt,
      msPlayed: listens.msPlayed,
      spotifyPlayedAt: listens.spotifyPlayedAt,
      duplicateOf: listens.duplicateOf,
      dedupKey: listens.dedupKey,
    })
    .from(listens)
    .innerJoin(tracks, eq(tracks.id, listens.trackId))
    .where(eq(listens.userId, userId))
    .orderBy(asc(listens.startedAt));
}
