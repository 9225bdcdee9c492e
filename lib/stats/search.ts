import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { likePattern } from "./history";
import { rows } from "./sources";

export const searchQuery = z.object({ q: z.string().trim().min(1).max(100) });

/*
 * Search reads the user's all-time group totals (listen_group_totals, one row per track, album and artist
 * they have counted plays of) in play order, never the listens: its cost follows the size of the library,
 * not of the history. No index serves a substring match on titles (tracks_title_search_idx is a word
 * tsvector), but the user's library is a few thousand rows, walked by the (user, kind, plays) index.
 */

// Case, ё and common Latin accents folded alike on both sides of the match; no extension needed.
const FOLDS: [string, string][] = [
  ["ё", "е"],
  ["àáâãäåā", "a"],
  ["èéêëē", "e"],
  ["ìíîïī", "i"],
  ["òóôõöøō", "o"],
  ["ùúûüū", "u"],
  ["ýÿ", "y"],
  ["ñ", "n"],
  ["çč", "c"],
  ["šś", "s"],
  ["ž", "z"],
  ["ł", "l"],
];
const FROM = FOLDS.map(([from]) => from).join("");
const TO = FOLDS.map(([from, to]) => to.repeat([...from].length)).join("");
const fold = (s: SQL) => sql`translate(lower(${s}), ${FROM}, ${TO})`;

export type SearchHit = {
  id: number;
  name: string;
  detail: string | null;
  cover: string | null;
  plays: number;
};

const LIMIT = 5;

export async function searchLibrary(db: Db, userId: number, q: string) {
  const pattern = fold(sql`${likePattern(q)}::text`);
  const matches = (...cols: SQL[]) =>
    sql.join(
      cols.map((c) => sql`${fold(c)} like ${pattern}`),
      sql` or `,
    );
  const mine = (kind: string) => sql`g.user_id = ${userId} and g.kind = ${kind} and g.plays > 0`;
  const order = sql`order by g.plays desc, g.ms_played desc, 1 limit ${LIMIT}`;
  const [tracks, artists, albums] = await Promise.all([
    rows<SearchHit>(
      db,
      sql`select t.id, t.title as name, t.artist_line as detail, coalesce(t.cover_url, al.cover_url) as cover, g.plays
        from listen_group_totals g join tracks t on t.id = g.key::int left join albums al on al.id = t.album_id
        where ${mine("track")} and (${matches(sql`t.title`, sql`t.artist_line`)}) ${order}`,
    ),
    rows<SearchHit>(
      db,
      sql`select a.id, a.name, null as detail, a.image_url as cover, g.plays
        from listen_group_totals g join artists a on a.id = g.key::int
        where ${mine("artist")} and ${matches(sql`a.name`)} ${order}`,
    ),
    rows<SearchHit>(
      db,
      // An album has no artist of its own in the catalog: its first track's artist line stands in.
      sql`select al.id, al.title as name, (select t.artist_line from tracks t where t.album_id = al.id
          order by t.id limit 1) as detail, al.cover_url as cover, g.plays
        from listen_group_totals g join albums al on al.id = g.key::int
        where ${mine("album")} and ${matches(sql`al.title`)} ${order}`,
    ),
  ]);
  return { tracks, artists, albums };
}

export type SearchResults = Awaited<ReturnType<typeof searchLibrary>>;
