import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Provider, playbackSessions, providerIds } from "@/db/schema";
import { type TrackInput, upsertTracks } from "@/lib/catalog/upsert";

/**
 * Our track id for what a user is playing now, so the card links to the track page and that page can follow
 * the live position with synced lyrics. The catalogue otherwise learns a track only when its first listen is
 * written (after most of it was heard), so a track the worker is watching in this user's playback session is
 * added from the session's own catalog input: the same mapping the listen will use, and the same session
 * that makes the page visible to this user (lib/stats/track.ts). Anything else stays unknown.
 */
export async function nowPlayingTrackId(
  db: Db,
  userId: number,
  provider: Provider,
  externalId: string,
): Promise<number | undefined> {
  const [known] = await db
    .select({ id: providerIds.entityId })
    .from(providerIds)
    .where(
      and(
        eq(providerIds.provider, provider),
        eq(providerIds.kind, "track"),
        eq(providerIds.externalId, externalId),
      ),
    );
  if (known) return known.id;
  const [session] = await db
    .select({ track: sql<TrackInput | null>`${playbackSessions.state}->'pass'->'track'` })
    .from(playbackSessions)
    .where(
      and(
        eq(playbackSessions.userId, userId),
        eq(playbackSessions.provider, provider),
        sql`${playbackSessions.state}->'pass'->'track'->>'externalId' = ${externalId}`,
      ),
    )
    .limit(1);
  if (!session?.track) return undefined;
  const [id] = await upsertTracks(db, [session.track]);
  return id;
}
