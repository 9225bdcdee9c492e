import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { countedListens, rows } from "./sources";

export type RecentListen = {
  title: string;
  artist: string;
  cover: string;
  track_id: number;
  played_at: string;
  source: string;
  listen_id: number;
};

/** seed-app-contract §2.4: the 20 most recent listens, newest first, one entry per listen. */
export async function getRecent(db: Db, p: StatsParams, limit = 20): Promise<{ tracks: RecentListen[] }> {
  const found = await rows<{
    id: number;
    track_id: number;
    title: string;
    artist_line: string;
    cover: string | null;
    started_at: Date;
    source: string;
  }>(
    db,
    sql`select l.id, l.track_id, t.title, t.artist_line, coalesce(t.cover_url, al.cover_url) as cover, l.started_at, l.source
      from listens l join tracks t on t.id = l.track_id left join albums al on al.id = t.album_id
      where ${countedListens(p)} order by l.started_at desc, l.id desc limit ${limit}`,
  );
  return {
    tracks: found.map((r) => ({
      title: r.title,
      artist: r.artist_line,
      cover: r.cover ?? "",
      track_id: r.track_id,
      played_at: new Date(r.started_at).toISOString(),
      source: r.source,
      listen_id: Number(r.id),
    })),
  };
}
