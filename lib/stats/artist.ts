import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { NotFound } from "@/lib/errors";
import { bucket } from "./bucket";
import { isExcluded } from "./exclusions";
import type { StatsParams } from "./params";
import { COUNTED, minutes, rows } from "./sources";
import { sourcesOfTwins } from "./twins";

/** Artist page data: the artist, the user's numbers, and the user's top songs by them. */
export async function getArtistDetail(db: Db, p: StatsParams, artistId: number) {
  const [artist] = await rows<{ id: number; name: string; image_url: string | null; heard: boolean }>(
    db,
    sql`select a.id, a.name, a.image_url, exists (
        select 1 from listens l join track_artists x on x.track_id = l.track_id
        where l.user_id = ${p.userId} and x.artist_id = a.id) as heard
      from artists a where a.id = ${artistId}`,
  );
  if (!artist?.heard) throw new NotFound("Artist not found");

  const mine = sql`l.user_id = ${p.userId} and ${COUNTED}
    and l.track_id in (select track_id from track_artists where artist_id = ${artistId})`;
  const [hidden, genres, stats, months, tracks, rank] = await Promise.all([
    isExcluded(db, p.userId, { kind: "artist", id: artistId }),
    rows<{ genre: string }>(
      db,
      sql`select distinct lower(genre) as genre from artist_genres where artist_id = ${artistId} order by 1`,
    ),
    rows<{ plays: number; ms: number; first: Date | null; last: Date | null; tracks: number }>(
      db,
      sql`select count(*)::int as plays, coalesce(sum(l.ms_played), 0)::float8 as ms, min(l.started_at) as first,
          max(l.started_at) as last, count(distinct l.track_id)::int as tracks
        from listens l where ${mine}`,
    ),
    rows<{ month: string; plays: number }>(
      db,
      sql`select ${bucket.yearMonth(sql`l.started_at`, p.tz)} as month, count(*)::int as plays
        from listens l where ${mine} group by 1 order by 1`,
    ),
    rows<{ id: number; title: string; artist_line: string; cover: string | null; plays: number; ms: number }>(
      db,
      sql`select t.id, t.title, t.artist_line, coalesce(t.cover_url, al.cover_url) as cover,
          sum(tt.plays)::int as plays, sum(tt.ms_played)::float8 as ms
        from listen_track_totals tt join track_artists x on x.track_id = tt.track_id and x.artist_id = ${artistId}
        join tracks t on t.id = tt.track_id left join albums al on al.id = t.album_id
        where tt.user_id = ${p.userId} group by t.id, al.cover_url order by plays desc, t.title limit 10`,
    ),
    rows<{ rank: number | null }>(
      db,
      sql`with per as (select x.artist_id, sum(tt.plays) as plays from listen_track_totals tt
          join track_artists x on x.track_id = tt.track_id where tt.user_id = ${p.userId} group by 1)
        select case when exists (select 1 from per where artist_id = ${artistId})
          then (select count(*)::int + 1 from per where plays > (select plays from per where artist_id = ${artistId}))
        end as rank`,
    ),
  ]);
  const s = stats[0];
  const best = months.reduce<{ month: string; plays: number } | null>(
    (b, m) => (!b || m.plays > b.plays ? m : b),
    null,
  );
  return {
    artist: {
      id: artist.id,
      name: artist.name,
      image: artist.image_url ?? "",
      genres: genres.map((g) => g.genre),
      /** Hidden from the user's stats (its numbers below are then zero); see lib/stats/exclusions.ts. */
      hidden,
    },
    stats: {
      plays: s?.plays ?? 0,
      minutes: minutes(s?.ms),
      tracks: s?.tracks ?? 0,
      first_listen: s?.first ? new Date(s.first).toISOString() : null,
      last_listen: s?.last ? new Date(s.last).toISOString() : null,
      best_month: best,
      rank: rank[0]?.rank ?? null,
    },
    months,
    top_tracks: await sourcesOfTwins(
      db,
      p.userId,
      tracks.map((t) => ({
        id: t.id,
        title: t.title,
        artist: t.artist_line,
        cover: t.cover ?? "",
        plays: t.plays,
        minutes: minutes(t.ms),
      })),
    ),
  };
}
