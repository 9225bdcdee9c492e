import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { allTimeAllSources, groupTotals, perTrack, rows } from "./sources";

export type Summary = {
  top_genre: { name: string; percent: number };
  top_artist: { name: string; percent: number };
};

/**
 * seed-app-contract §2.3, kept exactly: percent = floor(distinct tracks of the genre/artist ÷ distinct
 * tracks heard × 100); empty genres excluded; each credited artist counted; ties by name ascending.
 * Artists group by name, like the original's stored string, so catalog doubles of one name add up.
 */
export async function getSummary(db: Db, p: StatsParams): Promise<Summary> {
  const [row] = await rows<{
    total: number;
    artist: string | null;
    artist_tracks: number | null;
    genre: string | null;
    genre_tracks: number | null;
  }>(db, allTimeAllSources(p) ? fromGroupTotals(p) : fromTracks(p));
  const total = Math.max(1, row?.total ?? 0);
  const card = (name: string | null | undefined, n: number | null | undefined) =>
    name && n ? { name, percent: Math.floor((n * 100) / total) } : { name: "—", percent: 0 };
  return {
    top_genre: card(row?.genre, row?.genre_tracks),
    top_artist: card(row?.artist, row?.artist_tracks),
  };
}

// Distinct heard tracks per artist name and per genre, by index probes into track_stat_groups.
function fromTracks(p: StatsParams): SQL {
  const top = (kind: string) => sql`select key, tracks from groups where kind = ${kind}
    order by tracks desc, key asc limit 1`;
  return sql`with base as materialized (select track_id from (${perTrack(p)}) pt),
      groups as (select g.kind, g.key, count(*)::int as tracks from base b
        join track_stat_groups g on g.track_id = b.track_id and g.kind in ('artist_name', 'genre')
        group by g.kind, g.key)
      select (select count(*)::int from base) as total, ta.key as artist, ta.tracks as artist_tracks,
        tg.key as genre, tg.tracks as genre_tracks
      from (select 1) one left join (${top("artist_name")}) ta on true left join (${top("genre")}) tg on true`;
}

// The same question from the all-time group totals: distinct tracks per artist name and per genre.
function fromGroupTotals(p: StatsParams): SQL {
  const top = (kind: string) => sql`select key, tracks from (${groupTotals(p, [kind])}) g
    order by tracks desc, key asc limit 1`;
  return sql`select (select coalesce(max(tracks), 0)::int from (${groupTotals(p, ["all"])}) a) as total,
      ta.key as artist, ta.tracks as artist_tracks, tg.key as genre, tg.tracks as genre_tracks
    from (select 1) one left join (${top("artist_name")}) ta on true left join (${top("genre")}) tg on true`;
}
