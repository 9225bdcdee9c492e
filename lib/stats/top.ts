import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { StatsParams } from "./params";
import { minutes, perTrack, rows, trackGenres } from "./sources";

export const topQuery = z.object({
  kind: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.enum(["artists", "tracks", "albums", "genres"]).default("artists"),
  ),
  by: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["plays", "time"]).default("plays")),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
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
};

// Each kind groups the per-track base differently; every query yields id, name, subtitle, cover, plays, ms, tracks.
const GROUPINGS: Record<TopKind, (base: SQL) => SQL> = {
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
  genres: (base) => sql`select g.genre as id, g.genre as name, null as subtitle, null as cover,
      sum(b.plays)::int as plays, sum(b.ms)::float8 as ms, count(*)::int as tracks
    from (${trackGenres(base)}) g join (${base}) b on b.track_id = g.track_id
    where g.genre <> '' group by g.genre`,
};

export async function getTop(
  db: Db,
  p: StatsParams,
  q: { kind: TopKind; by: "plays" | "time"; limit: number },
): Promise<{ kind: TopKind; by: string; total: { plays: number; minutes: number }; items: TopItem[] }> {
  const order = q.by === "time" ? sql`ms desc, plays desc` : sql`plays desc, ms desc`;
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
  }>(
    db,
    sql`with base as materialized (${perTrack(p)}),
      totals as (select coalesce(sum(plays), 0)::int as total_plays, coalesce(sum(ms), 0)::float8 as total_ms from base)
      select g.*, totals.* from totals left join lateral (
        select * from (${GROUPINGS[q.kind](sql`select * from base`)}) k order by ${order}, name asc limit ${q.limit}
      ) g on true`,
  );
  const first = found[0];
  const totalPlays = first?.total_plays ?? 0;
  const totalMs = Number(first?.total_ms ?? 0);
  const items = found
    .filter((r) => r.id !== null)
    .map((r) => {
      const part = q.by === "time" ? Number(r.ms) / (totalMs || 1) : r.plays / (totalPlays || 1);
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
  return { kind: q.kind, by: q.by, total: { plays: totalPlays, minutes: minutes(totalMs) }, items };
}
