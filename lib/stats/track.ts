import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { NotFound } from "@/lib/errors";
import { bucket } from "./bucket";
import { trackHiddenBy } from "./exclusions";
import type { StatsParams } from "./params";
import { COUNTED, minutes, rows } from "./sources";

/**
 * A track is the user's to see when they heard it, liked it, or are playing it right now (the lyrics link
 * of now playing comes before the listen is written). Anything else answers as if unknown.
 */
function visibleSql(userId: number, trackId: number) {
  return sql`exists (select 1 from listens l where l.user_id = ${userId} and l.track_id = ${trackId})
    or exists (select 1 from likes k where k.user_id = ${userId} and k.track_id = ${trackId})
    or exists (select 1 from playback_sessions s join provider_ids pi on pi.kind = 'track' and pi.entity_id = ${trackId}
      and pi.provider = s.provider and pi.external_id = s.state->'pass'->'track'->>'externalId'
      where s.user_id = ${userId})`;
}

export async function assertTrackVisible(db: Db, userId: number, trackId: number): Promise<void> {
  const [row] = await rows<{ ok: boolean }>(db, sql`select (${visibleSql(userId, trackId)}) as ok`);
  if (!row?.ok) throw new NotFound("Track not found");
}

/** Track page data: the catalog entry plus the signed-in user's own numbers for it. */
export async function getTrackDetail(db: Db, p: StatsParams, trackId: number) {
  const [track] = await rows<{
    id: number;
    title: string;
    artist_line: string;
    album_id: number | null;
    album: string | null;
    cover: string | null;
    duration_ms: number | null;
    visible: boolean;
    liked: string[] | null;
  }>(
    db,
    sql`select t.id, t.title, t.artist_line, t.album_id, al.title as album, coalesce(t.cover_url, al.cover_url) as cover,
        t.duration_ms,
        (${visibleSql(p.userId, trackId)}) as visible,
        (select array_agg(provider) from likes k where k.user_id = ${p.userId} and k.track_id = t.id) as liked
      from tracks t left join albums al on al.id = t.album_id where t.id = ${trackId}`,
  );
  if (!track?.visible) throw new NotFound("Track not found");

  const mine = sql`l.user_id = ${p.userId} and l.track_id = ${trackId} and ${COUNTED}`;
  const [hidden, artists, stats, months, bySource, links, recent] = await Promise.all([
    trackHiddenBy(db, p.userId, trackId),
    rows<{ id: number; name: string }>(
      db,
      sql`select a.id, a.name from track_artists x join artists a on a.id = x.artist_id
        where x.track_id = ${trackId} order by x.position, a.name`,
    ),
    rows<{ plays: number; ms: number; first: Date | null; last: Date | null; skips: number }>(
      db,
      sql`select count(*) filter (where ${COUNTED})::int as plays,
          coalesce(sum(l.ms_played) filter (where ${COUNTED}), 0)::float8 as ms,
          min(l.started_at) filter (where ${COUNTED}) as first,
          max(l.started_at) filter (where ${COUNTED}) as last,
          count(*) filter (where l.skipped)::int as skips
        from listens l where l.user_id = ${p.userId} and l.track_id = ${trackId}`,
    ),
    rows<{ month: string; plays: number }>(
      db,
      sql`select ${bucket.yearMonth(sql`l.started_at`, p.tz)} as month, count(*)::int as plays
        from listens l where ${mine} group by 1 order by 1`,
    ),
    rows<{ source: string; plays: number }>(
      db,
      sql`select source, sum(plays)::int as plays from listen_track_totals
        where user_id = ${p.userId} and track_id = ${trackId} group by 1 order by 2 desc`,
    ),
    rows<{ provider: string; url: string | null; external_id: string }>(
      db,
      sql`select provider, url, external_id from provider_ids where kind = 'track' and entity_id = ${trackId}`,
    ),
    rows<{ id: number; started_at: Date; source: string; ms_played: number | null }>(
      db,
      sql`select l.id, l.started_at, l.source, l.ms_played from listens l where ${mine}
        order by l.started_at desc limit 10`,
    ),
  ]);
  const s = stats[0];
  const plays = s?.plays ?? 0;
  const best = months.reduce<{ month: string; plays: number } | null>(
    (b, m) => (!b || m.plays > b.plays ? m : b),
    null,
  );
  const [rank] = await rows<{ rank: number }>(
    db,
    sql`select count(*)::int + 1 as rank from (
        select track_id from listen_track_totals where user_id = ${p.userId}
        group by track_id having sum(plays) > ${plays}) better`,
  );
  return {
    track: {
      id: track.id,
      title: track.title,
      artist: track.artist_line,
      artists,
      album: track.album_id ? { id: track.album_id, title: track.album } : null,
      cover: track.cover ?? "",
      duration_ms: track.duration_ms,
      links: links.map((l) => ({ provider: l.provider, url: l.url, external_id: l.external_id })),
      /** Hidden from the user's stats: "track" by itself, "artist" through a hidden artist, else null. */
      hidden,
    },
    stats: {
      plays,
      minutes: minutes(s?.ms),
      skips: s?.skips ?? 0,
      first_listen: s?.first ? new Date(s.first).toISOString() : null,
      last_listen: s?.last ? new Date(s.last).toISOString() : null,
      best_month: best,
      rank: plays > 0 ? (rank?.rank ?? null) : null,
      by_source: bySource,
      liked: track.liked ?? [],
    },
    months,
    recent: recent.map((r) => ({
      id: Number(r.id),
      played_at: new Date(r.started_at).toISOString(),
      source: r.source,
      ms_played: r.ms_played,
    })),
  };
}
