import { asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { albums, providerIds, tracks } from "@/db/schema";
import { NotFound } from "@/lib/errors";
import { offsetOf, optionalText, type Page, pageQuery } from "./paging";

export const trackListQuery = pageQuery.extend({
  q: optionalText,
  sort: z.enum(["recent", "plays", "title"]).default("recent"),
});

export type AdminTrackRow = {
  id: number;
  title: string;
  artistLine: string;
  album: string | null;
  isrc: string | null;
  coverUrl: string | null;
  durationMs: number | null;
  plays: number;
  providers: string[];
};

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/i;

/** Words → a prefix tsquery ("beat it" → "beat:* & it:*"); only letters and digits reach to_tsquery. */
function prefixQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.map((w) => `${w.toLowerCase()}:*`).join(" & ") : null;
}

function searchFilter(q: string | undefined) {
  if (!q) return undefined;
  const parts = [];
  const ts = prefixQuery(q);
  // Same expression as tracks_title_search_idx, so the GIN index serves it.
  if (ts)
    parts.push(
      sql`to_tsvector('simple', ${tracks.title} || ' ' || ${tracks.artistLine}) @@ to_tsquery('simple', ${ts})`,
    );
  if (ISRC.test(q.trim())) parts.push(sql`${tracks.isrc} = ${q.trim().toUpperCase()}`);
  if (/^\d{1,9}$/.test(q.trim())) parts.push(sql`${tracks.id} = ${Number(q.trim())}`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

// Read from the stats rollup (kept exact by triggers on listens): skipped passes and merged doubles are
// not plays. One grouped pass over the rollup serves a whole page (and a sort by plays) at once.
const playTotals = sql`(select track_id, sum(plays)::int as plays from listen_track_totals group by track_id)`;
const plays = sql<number>`coalesce(pt.plays, 0)`;

export async function listTracks(db: Db, q: z.infer<typeof trackListQuery>): Promise<Page<AdminTrackRow>> {
  const where = searchFilter(q.q);
  const order = {
    recent: [desc(tracks.id)],
    plays: [desc(plays), desc(tracks.id)],
    title: [asc(sql`lower(${tracks.title})`), asc(tracks.id)],
  }[q.sort];
  const [items, [total]] = await Promise.all([
    db
      .select({
        id: tracks.id,
        title: tracks.title,
        artistLine: tracks.artistLine,
        album: albums.title,
        isrc: tracks.isrc,
        coverUrl: tracks.coverUrl,
        durationMs: tracks.durationMs,
        plays,
        providers: sql<string[]>`coalesce((select array_agg(distinct p.provider) from provider_ids p
          where p.kind = 'track' and p.entity_id = ${tracks.id}), '{}')`,
      })
      .from(tracks)
      .leftJoin(albums, eq(albums.id, tracks.albumId))
      .leftJoin(sql`${playTotals} pt`, sql`pt.track_id = ${tracks.id}`)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    db.select({ n: count() }).from(tracks).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export type TrackDetailArtist = { id: number; name: string };
export type TrackDetailGenre = { genre: string; source: string; on: "album" | "artist" };
export type AdminTrackDetail = Awaited<ReturnType<typeof getTrackDetail>>;

export async function getTrackDetail(db: Db, id: number) {
  const [track] = await db
    .select({
      id: tracks.id,
      title: tracks.title,
      artistLine: tracks.artistLine,
      albumId: tracks.albumId,
      album: albums.title,
      isrc: tracks.isrc,
      coverUrl: tracks.coverUrl,
      durationMs: tracks.durationMs,
      plays: sql<number>`(select coalesce(sum(r.plays), 0)::int from listen_track_totals r
        where r.track_id = ${tracks.id})`,
      likes: sql<number>`(select count(*)::int from likes k where k.track_id = ${tracks.id})`,
      lyrics: sql<string | null>`(select case when y.found then 'found' else 'missing' end
        from lyrics y where y.track_id = ${tracks.id})`,
    })
    .from(tracks)
    .leftJoin(albums, eq(albums.id, tracks.albumId))
    .where(eq(tracks.id, id));
  if (!track) throw new NotFound("No such track");
  const artists = (await db.execute(sql`select a.id, a.name from track_artists ta
    join artists a on a.id = ta.artist_id where ta.track_id = ${id} order by ta.position, a.id`)) as unknown as TrackDetailArtist[];
  const genres = (await db.execute(sql`
    select genre, source, 'album' as "on" from album_genres where album_id = ${track.albumId ?? 0}
    union all
    select g.genre, g.source, 'artist' from artist_genres g join track_artists ta on ta.artist_id = g.artist_id
    where ta.track_id = ${id}
    order by 1`)) as unknown as TrackDetailGenre[];
  const links = await db
    .select({ provider: providerIds.provider, externalId: providerIds.externalId, url: providerIds.url })
    .from(providerIds)
    .where(sql`${providerIds.kind} = 'track' and ${inArray(providerIds.entityId, [id])}`);
  return { ...track, artists, genres, providerIds: links };
}
