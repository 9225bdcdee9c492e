import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { rows } from "./sources";

export type LikedTrack = {
  track_id: number;
  title: string;
  artist: string;
  cover: string;
  providers: string[];
  liked_at: string;
  plays: number;
};

/** Liked tracks from both services, newest like first, with how often the user actually plays them. */
export async function getLikes(
  db: Db,
  p: StatsParams,
  limit = 500,
): Promise<{ items: LikedTrack[]; total: number; never_played: number }> {
  const found = await rows<{
    track_id: number;
    title: string;
    artist_line: string;
    cover: string | null;
    providers: string[];
    liked_at: Date;
    plays: number;
  }>(
    db,
    sql`with liked as (
        select track_id, array_agg(provider order by provider) as providers, max(liked_at) as liked_at from likes
        where user_id = ${p.userId} ${p.source ? sql`and provider = ${p.source}` : sql``} group by track_id)
      select k.track_id, t.title, t.artist_line, coalesce(t.cover_url, al.cover_url) as cover, k.providers, k.liked_at,
        coalesce((select sum(plays) from listen_track_totals tt where tt.user_id = ${p.userId} and tt.track_id = k.track_id), 0)::int as plays
      from liked k join tracks t on t.id = k.track_id left join albums al on al.id = t.album_id
      order by k.liked_at desc, k.track_id limit ${limit}`,
  );
  const items = found.map((r) => ({
    track_id: r.track_id,
    title: r.title,
    artist: r.artist_line,
    cover: r.cover ?? "",
    providers: r.providers,
    liked_at: new Date(r.liked_at).toISOString(),
    plays: r.plays,
  }));
  return { items, total: items.length, never_played: items.filter((i) => i.plays === 0).length };
}
