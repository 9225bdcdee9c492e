import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { allTimeAllSources, groupTotals, minutes, perTrack, rows } from "./sources";
import { sourcesOfTwins } from "./twins";

const blank = (v: unknown) => (v === "" ? undefined : v);

export const topQuery = z.object({
  kind: z.preprocess(blank, z.enum(["artists", "tracks", "albums", "genres"]).default("artists")),
  // "time" is the older spelling of "minutes" (links and clients made before paging); both order by time.
  by: z.preprocess(
    (v) => (v === "time" ? "minutes" : blank(v)),
    z.enum(["plays", "minutes"]).default("plays"),
  ),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  // `limit` is the older name of pageSize (the dashboard's first version).
  pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(100).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).optional()),
});
export type TopQuery = { kind: TopKind; by: "plays" | "minutes"; limit: number; offset?: number };

/** The query's page as limit and offset (pageSize, else limit, else 10 rows). */
export function topPage(q: z.infer<typeof topQuery>): TopQuery {
  const limit = q.pageSize ?? q.limit ?? 10;
  return { kind: q.kind, by: q.by, limit, offset: (q.page - 1) * limit };
}
export type TopKind = z.infer<typeof topQuery>["kind"];

export type TopItem = {
  id: number | string;
  name: string;
  subtitle: string | null;
  cover: string | null;
  plays: number;
  minutes: number;
  tracks: number;
  /** Percent of all plays (by=plays) or of all listening time (by=time) in the range, one decimal. */
  share: number;
  /** Tracks only, and only when another row is the same song: the services it was heard on. */
  sources?: string[];
};

// Each kind groups a per-track base (track_id, plays, ms) differently (the recap reuses these too); every query yields id, name, subtitle, cover, plays, ms, tracks.
export const GROUPINGS: Record<TopKind, (base: SQL) => SQL> = {
  tracks: (base) => sql`select t.id::text as id, t.title as name, t.artist_line as subtitle,
      coalesce(t.cover_url, al.cover_url) as cover, b.plays, b.ms, 1 as tracks
    from (${base}) b join tracks t on t.id = b.track_id left join albums al on al.id = t.album_id`,
  artists: (base) => sql`select a.id::text as id, a.name, null as subtitle, a.image_url as cover,
      sum(b.plays)::int as plays, sum(b.ms)::float8 as ms, count(*)::int as tracks
    from (${base}) b join track_artists x on x.track_id = b.track_id join artists a on a.id = x.artist_id
    group by a.id`,
  albums: (
    base,
  ) => sql`select al.id::text as id, al.title as name, min(t.artist_line) as subtitle, al.cover_url as cover,
      sum(b.plays)::int as plays, sum(b.ms)::float8 as ms, count(*)::int as tracks
    from (${base}) b join tracks t on t.id = b.track_id join albums al on al.id = t.album_id
    group by al.id`,
  // Genres as track_stat_groups holds them (album and artist genres, trimmed, lowercased; the one definition).
  genres: (base) => sql`select g.key as id, g.key as name, null as subtitle, null as cover,
      sum(b.plays)::int as plays, sum(b.ms)::float8 as ms, count(*)::int as tracks
    from (${base}) b join track_stat_groups g on g.track_id = b.track_id and g.kind = 'genre'
    group by g.key`,
};

// The same items from the all-time group totals (range=all, every source): names for the picked keys only.
const GROUP_KIND: Record<TopKind, string> = {
  tracks: "track",
  artists: "artist",
  albums: "album",
  genres: "genre",
};
const NAMED_GROUPS: Record<TopKind, (top: SQL, p: StatsParams) => SQL> = {
  tracks: (top) => sql`select t.id::text as id, t.title as name, t.artist_line as subtitle,
      coalesce(t.cover_url, al.cover_url) as cover, g.plays, g.ms, 1 as tracks
    from (${top}) g join tracks t on t.id = g.key::int left join albums al on al.id = t.album_id`,
  artists: (
    top,
  ) => sql`select a.id::text as id, a.name, null as subtitle, a.image_url as cover, g.plays, g.ms, g.tracks
    from (${top}) g join artists a on a.id = g.key::int`,
  albums: (top, p) => sql`select al.id::text as id, al.title as name,
      (select min(t.artist_line) from tracks t join listen_track_totals tt on tt.track_id = t.id and tt.user_id = ${p.userId}
        where t.album_id = al.id) as subtitle,
      al.cover_url as cover, g.plays, g.ms, g.tracks
    from (${top}) g join albums al on al.id = g.key::int`,
  genres: (
    top,
  ) => sql`select g.key as id, g.key as name, null as subtitle, null as cover, g.plays, g.ms, g.tracks
    from (${top}) g`,
};

function fromGroupTotals(p: StatsParams, q: TopQuery, order: SQL): SQL {
  const offset = q.offset ?? 0;
  // An index walk in the order asked (nulls last like the indexes; the columns have none); ties at the cut are kept so the final order (by name within a tie)
  // is the same as over all items.
  const top = sql`select key, plays, ms_played::float8 as ms, tracks from listen_group_totals
    where user_id = ${p.userId} and kind = ${GROUP_KIND[q.kind]}
    order by ${q.by === "minutes" ? sql`ms_played desc nulls last, plays desc nulls last` : sql`plays desc nulls last, ms_played desc nulls last`}
    fetch first ${offset + q.limit} rows with ties`;
  return sql`with totals as (select coalesce(max(plays), 0)::int as total_plays, coalesce(max(ms), 0)::float8 as total_ms,
        (select count(*)::int from listen_group_totals where user_id = ${p.userId} and kind = ${GROUP_KIND[q.kind]}
          and plays > 0) as total_items
      from (${groupTotals(p, ["all"])}) a)
    select g.*, totals.* from totals left join lateral (
      select * from (${NAMED_GROUPS[q.kind](top, p)}) k order by ${order}, name asc limit ${q.limit} offset ${offset}
    ) g on true`;
}

function fromTracks(p: StatsParams, q: TopQuery, order: SQL): SQL {
  return sql`with base as materialized (${perTrack(p)}),
      totals as (select coalesce(sum(plays), 0)::int as total_plays, coalesce(sum(ms), 0)::float8 as total_ms from base)
      select g.*, totals.* from totals left join lateral (
        select *, count(*) over ()::int as total_items from (${GROUPINGS[q.kind](sql`select * from base`)}) k
        order by ${order}, name asc limit ${q.limit} offset ${q.offset ?? 0}
      ) g on true`;
}

export type TopPage = {
  kind: TopKind;
  by: string;
  /** All plays and minutes in range (what `share` is a part of). */
  total: { plays: number; minutes: number };
  items: TopItem[];
  /** How many items the whole list has, and where this page starts (1-based page of pageSize rows). */
  totalItems: number;
  page: number;
  pageSize: number;
};

export async function getTop(db: Db, p: StatsParams, q: TopQuery): Promise<TopPage> {
  const order = q.by === "minutes" ? sql`ms desc, plays desc` : sql`plays desc, ms desc`;
  const found = await rows<{
    id: string;
    name: string;
    subtitle: string | null;
    cover: string | null;
    plays: number;
    ms: number;
    tracks: number;
    total_plays: number;
    total_ms: number;
    total_items: number | null;
  }>(db, allTimeAllSources(p) ? fromGroupTotals(p, q, order) : fromTracks(p, q, order));
  const first = found[0];
  const totalPlays = first?.total_plays ?? 0;
  const totalMs = Number(first?.total_ms ?? 0);
  const items = found
    .filter((r) => r.id !== null)
    .map((r) => {
      const part = q.by === "minutes" ? Number(r.ms) / (totalMs || 1) : r.plays / (totalPlays || 1);
      return {
        id: q.kind === "genres" ? r.id : Number(r.id),
        name: r.name,
        subtitle: r.subtitle,
        cover: r.cover,
        plays: r.plays,
        minutes: minutes(r.ms),
        tracks: r.tracks,
        share: Math.round(part * 1000) / 10,
      };
    });
  const total = { plays: totalPlays, minutes: minutes(totalMs) };
  const paging = {
    // All time reads the count from the rollup; a bounded range counts in a window over the rows, so a page
    // past its end says 0.
    totalItems: first?.total_items ?? 0,
    page: Math.floor((q.offset ?? 0) / q.limit) + 1,
    pageSize: q.limit,
  };
  if (q.kind !== "tracks") return { kind: q.kind, by: q.by, total, items, ...paging };
  const told = await sourcesOfTwins(
    db,
    p.userId,
    items.map((i) => ({ ...i, id: Number(i.id), title: i.name, artist: i.subtitle ?? "" })),
  );
  return {
    kind: q.kind,
    by: q.by,
    total,
    items: told.map(({ title: _t, artist: _a, ...item }) => item),
    ...paging,
  };
}
