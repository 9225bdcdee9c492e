import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { NotFound } from "@/lib/errors";
import { int4Id } from "@/lib/validation/fields";
import { rows } from "./sources";

/*
 * Exclusions hide an artist or a track from the user's statistics without deleting history. The work is
 * done by listens.hidden (migration 0028_stat_exclusions): the rollup triggers and every stats read treat a
 * hidden listen as not counted, and a trigger sets the flag on each new listen. Changing an exclusion here
 * re-flags the listens it covers in the same transaction, so the rollups move with it.
 */

export const exclusionTarget = z.object({
  kind: z.enum(["artist", "track"]),
  id: int4Id,
});
export type ExclusionTarget = z.infer<typeof exclusionTarget>;

export type Exclusion = ExclusionTarget & {
  name: string;
  subtitle: string | null;
  cover: string | null;
  /** The user's listens it hides (plays, skips included). */
  listens: number;
  created_at: string;
};

const column = (kind: ExclusionTarget["kind"]) => sql.raw(kind === "artist" ? "artist_id" : "track_id");

/** The tracks a target covers: the track, or every track the artist plays on. */
const tracksOf = (t: ExclusionTarget): SQL =>
  t.kind === "track"
    ? sql`(select ${t.id}::int)`
    : sql`(select track_id from track_artists where artist_id = ${t.id})`;

/** Sets listens.hidden on the user's listens of these tracks to what the exclusions now say. */
async function reflag(db: Db, userId: number, tracks: SQL) {
  await db.execute(sql`update listens l set hidden = not l.hidden
    where l.user_id = ${userId} and l.track_id in ${tracks}
      and l.hidden <> exists (select 1 from stat_excluded_tracks x where x.user_id = l.user_id and x.track_id = l.track_id)`);
}

/** Hides a target the user has heard (anything else is a 404: no probing of other users' catalog). */
export async function addExclusion(db: Db, userId: number, t: ExclusionTarget) {
  await db.transaction(async (tx) => {
    const [heard] = await rows<{ ok: boolean }>(
      tx,
      sql`select exists (select 1 from listens where user_id = ${userId} and track_id in ${tracksOf(t)}) as ok`,
    );
    if (!heard?.ok) throw new NotFound(t.kind === "artist" ? "Artist not found" : "Track not found");
    await tx.execute(sql`insert into stat_exclusions (user_id, ${column(t.kind)}) values (${userId}, ${t.id})
      on conflict do nothing`);
    await reflag(tx, userId, tracksOf(t));
  });
  return { hidden: true };
}

/** Shows a target again (idempotent); its listens count unless another exclusion still covers them. */
export async function removeExclusion(db: Db, userId: number, t: ExclusionTarget) {
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`delete from stat_exclusions where user_id = ${userId} and ${column(t.kind)} = ${t.id}`,
    );
    await reflag(tx, userId, tracksOf(t));
  });
  return { hidden: false };
}

/** Whether the target itself is hidden (for the artist and track pages' toggle). */
export async function isExcluded(db: Db, userId: number, t: ExclusionTarget): Promise<boolean> {
  const [row] = await rows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from stat_exclusions where user_id = ${userId} and ${column(t.kind)} = ${t.id}) as ok`,
  );
  return Boolean(row?.ok);
}

/** Why a track is hidden from the user's stats: "track" by itself, "artist" through a hidden artist. */
export async function trackHiddenBy(
  db: Db,
  userId: number,
  trackId: number,
): Promise<"track" | "artist" | null> {
  if (await isExcluded(db, userId, { kind: "track", id: trackId })) return "track";
  const [row] = await rows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from stat_excluded_tracks where user_id = ${userId} and track_id = ${trackId}) as ok`,
  );
  return row?.ok ? "artist" : null;
}

/** The user's exclusions, newest first, with names and how many of their listens each hides. */
export async function listExclusions(db: Db, userId: number): Promise<{ items: Exclusion[] }> {
  const found = await rows<Omit<Exclusion, "created_at"> & { created_at: Date }>(
    db,
    sql`select case when e.artist_id is not null then 'artist' else 'track' end as kind,
        coalesce(e.artist_id, e.track_id) as id, coalesce(a.name, t.title) as name, t.artist_line as subtitle,
        coalesce(a.image_url, t.cover_url, al.cover_url) as cover, e.created_at,
        (select count(*)::int from listens l where l.user_id = e.user_id and l.hidden and l.track_id in (
          select e.track_id where e.track_id is not null
          union all select x.track_id from track_artists x where x.artist_id = e.artist_id)) as listens
      from stat_exclusions e left join artists a on a.id = e.artist_id
      left join tracks t on t.id = e.track_id left join albums al on al.id = t.album_id
      where e.user_id = ${userId} order by e.created_at desc, e.id desc`,
  );
  return { items: found.map((e) => ({ ...e, created_at: new Date(e.created_at).toISOString() })) };
}
