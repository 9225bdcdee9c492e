import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { albumGenres, albums, artistGenres, artists, trackArtists, tracks } from "@/db/schema";
import { normalizeArtist, normalizeTitle } from "@/lib/catalog/normalize";
import { BadRequest, NotFound } from "@/lib/errors";
import { writeAudit } from "./audit";

const httpUrl = z
  .string()
  .trim()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), "Cover must be an http(s) URL");

export const trackPatchBody = z
  .object({
    title: z.string().trim().min(1).max(500).optional(),
    artists: z.array(z.string().trim().min(1).max(300)).min(1).max(20).optional(),
    album: z.string().trim().min(1).max(500).nullable().optional(),
    genres: z.array(z.string().trim().toLowerCase().min(1).max(60)).max(20).optional(),
    coverUrl: httpUrl.nullable().optional(),
    isrc: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/, "Not an ISRC")
      .nullable()
      .optional(),
  })
  .strict();
export type TrackPatch = z.infer<typeof trackPatchBody>;

type Snapshot = Record<string, unknown>;

async function snapshot(tx: Db, id: number): Promise<Snapshot> {
  const [row] = (await tx.execute(sql`select t.title, t.artist_line as "artistLine", al.title as album,
      t.cover_url as "coverUrl", t.isrc, t.album_id as "albumId",
      (select coalesce(array_agg(g.genre order by g.genre), '{}') from album_genres g
        where g.album_id = t.album_id and g.source = 'manual') as "albumGenres",
      (select coalesce(array_agg(g.genre order by g.genre), '{}') from artist_genres g
        where g.artist_id = (select artist_id from track_artists where track_id = t.id order by position limit 1)
        and g.source = 'manual') as "artistGenres"
    from tracks t left join albums al on al.id = t.album_id where t.id = ${id} for update of t`)) as unknown as Snapshot[];
  if (!row) throw new NotFound("No such track");
  return row;
}

async function findOrCreateArtist(tx: Db, name: string): Promise<number> {
  const norm = normalizeArtist(name);
  const [found] = await tx
    .select({ id: artists.id })
    .from(artists)
    .where(eq(artists.normName, norm))
    .orderBy(artists.id)
    .limit(1);
  if (found) return found.id;
  const [made] = await tx.insert(artists).values({ name, normName: norm }).returning({ id: artists.id });
  if (!made) throw new Error("artist insert returned nothing");
  return made.id;
}

/** Renames the track's own album in place; an album shared with other tracks is left alone and a new one made. */
async function setAlbum(tx: Db, trackId: number, albumId: number | null, title: string | null) {
  if (title === null) return null;
  if (albumId !== null) {
    const [{ n } = { n: 0 }] = (await tx.execute(
      sql`select count(*)::int as n from tracks where album_id = ${albumId} and id <> ${trackId}`,
    )) as unknown as { n: number }[];
    if (n === 0) {
      await tx
        .update(albums)
        .set({ title, normTitle: normalizeTitle(title) })
        .where(eq(albums.id, albumId));
      return albumId;
    }
  }
  const [made] = await tx
    .insert(albums)
    .values({ title, normTitle: normalizeTitle(title) })
    .returning({ id: albums.id });
  return made?.id ?? null;
}

/** Manual genres live on the album when the track has one, else on its first artist (where stats read them). */
async function setGenres(tx: Db, trackId: number, albumId: number | null, genres: string[]) {
  const unique = [...new Set(genres)];
  if (albumId !== null) {
    await tx.execute(sql`delete from album_genres where album_id = ${albumId} and source = 'manual'`);
    if (unique.length)
      await tx
        .insert(albumGenres)
        .values(unique.map((genre) => ({ albumId, genre, source: "manual" as const })));
    return;
  }
  const [first] = await tx
    .select({ artistId: trackArtists.artistId })
    .from(trackArtists)
    .where(eq(trackArtists.trackId, trackId))
    .orderBy(trackArtists.position)
    .limit(1);
  if (!first) throw new BadRequest("The track has neither album nor artist to hold genres", "genres");
  await tx.execute(sql`delete from artist_genres where artist_id = ${first.artistId} and source = 'manual'`);
  if (unique.length)
    await tx
      .insert(artistGenres)
      .values(unique.map((genre) => ({ artistId: first.artistId, genre, source: "manual" as const })));
}

export async function adminUpdateTrack(db: Db, actorId: number, id: number, patch: TrackPatch) {
  return db.transaction(async (tx) => {
    const before = await snapshot(tx, id);
    let albumId = before.albumId as number | null;
    const set: Partial<typeof tracks.$inferInsert> = {};
    if (patch.title !== undefined)
      Object.assign(set, { title: patch.title, normTitle: normalizeTitle(patch.title) });
    if (patch.coverUrl !== undefined) set.coverUrl = patch.coverUrl;
    if (patch.isrc !== undefined) set.isrc = patch.isrc;
    if (patch.album !== undefined) set.albumId = albumId = await setAlbum(tx, id, albumId, patch.album);
    if (patch.artists) {
      const ids: number[] = [];
      for (const name of patch.artists) ids.push(await findOrCreateArtist(tx, name));
      await tx.delete(trackArtists).where(eq(trackArtists.trackId, id));
      const distinct = [...new Set(ids)];
      await tx
        .insert(trackArtists)
        .values(distinct.map((artistId, position) => ({ trackId: id, artistId, position })));
      set.artistLine = patch.artists.join(", ");
    }
    if (Object.keys(set).length) await tx.update(tracks).set(set).where(eq(tracks.id, id));
    if (patch.genres) await setGenres(tx, id, albumId, patch.genres);
    const after = await snapshot(tx, id);
    await writeAudit(tx, { actorId, action: "track.update", target: `track:${id}`, before, after });
    return after;
  });
}
