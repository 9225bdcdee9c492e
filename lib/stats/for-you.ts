import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { COUNTED, rows } from "./sources";

export type Suggestion = {
  reason: "on_repeat" | "rediscover" | "forgotten_like";
  track_id: number;
  title: string;
  artist: string;
  cover: string;
  plays: number;
  last_played: string | null;
};

const DAY = 86_400_000;

/**
 * Suggestions from the user's own history, each with its reason: songs on repeat lately, songs loved a
 * year or so ago and silent for months, and likes that are never played.
 */
export async function getForYou(db: Db, p: StatsParams, perReason = 5): Promise<{ items: Suggestion[] }> {
  const iso = (daysAgo: number) => new Date(p.now - daysAgo * DAY).toISOString();
  const src = p.source ? sql`and l.source = ${p.source}` : sql``;
  const counted = sql`l.user_id = ${p.userId} and ${COUNTED} ${src}`;
  const found = await rows<{
    reason: Suggestion["reason"];
    track_id: number;
    plays: number;
    last_played: Date | null;
    title: string;
    artist_line: string;
    cover: string | null;
  }>(
    db,
    // Each part aggregates first and filters after (hash aggregates, no sort of every listen), and the
    // forgotten likes look up their play counts only for the five picked.
    sql`with recent as (
        select distinct l.track_id from listens l where ${counted} and l.started_at >= ${iso(90)}::timestamptz),
      on_repeat as (
        select 'on_repeat' as reason, l.track_id, count(*)::int as plays, max(l.started_at) as last_played from listens l
        where ${counted} and l.started_at >= ${iso(14)}::timestamptz
        group by l.track_id having count(*) >= 3 order by plays desc, l.track_id limit ${perReason}),
      rediscover as (
        select 'rediscover' as reason, c.* from (
          select l.track_id, count(*)::int as plays, max(l.started_at) as last_played from listens l
          where ${counted} and l.started_at >= ${iso(730)}::timestamptz and l.started_at < ${iso(180)}::timestamptz
          group by l.track_id having count(*) >= 5) c
        where not exists (select 1 from recent r where r.track_id = c.track_id)
        order by c.plays desc, c.track_id limit ${perReason}),
      forgotten as (
        select 'forgotten_like' as reason, k.track_id,
          (select coalesce(sum(tt.plays), 0)::int from listen_track_totals tt
            where tt.user_id = ${p.userId} and tt.track_id = k.track_id) as plays,
          null::timestamptz as last_played
        from (select distinct k.track_id, k.liked_at from likes k
          where k.user_id = ${p.userId} and k.liked_at < ${iso(30)}::timestamptz
            ${p.source ? sql`and k.provider = ${p.source}` : sql``}
            and not exists (select 1 from recent r where r.track_id = k.track_id)
          order by k.liked_at desc, k.track_id limit ${perReason}) k),
      picked as (select * from on_repeat union all select * from rediscover union all select * from forgotten)
      select pk.reason, pk.track_id, pk.plays, pk.last_played, t.title, t.artist_line,
        coalesce(t.cover_url, al.cover_url) as cover
      from picked pk join tracks t on t.id = pk.track_id left join albums al on al.id = t.album_id`,
  );
  return {
    items: found.map((r) => ({
      reason: r.reason,
      track_id: r.track_id,
      title: r.title,
      artist: r.artist_line,
      cover: r.cover ?? "",
      plays: r.plays,
      last_played: r.last_played ? new Date(r.last_played).toISOString() : null,
    })),
  };
}
