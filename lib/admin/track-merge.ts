import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { BadRequest, NotFound } from "@/lib/errors";
import { log } from "@/lib/log";
import { int4Id } from "@/lib/validation/fields";
import { writeAudit } from "./audit";

export const mergeBody = z
  .object({ keepId: int4Id, dropId: int4Id })
  .refine((b) => b.keepId !== b.dropId, { message: "Pick two different tracks", path: ["dropId"] });

type Counts = {
  listens: number;
  likes: number;
  lyrics: number;
  providerIds: number;
  recommendations: number;
};

const rows = <T>(r: unknown) => r as T[];

async function counts(tx: Db, id: number): Promise<Counts> {
  const [c] = rows<Counts>(
    await tx.execute(sql`select
      (select count(*)::int from listens where track_id = ${id}) as listens,
      (select count(*)::int from likes where track_id = ${id}) as likes,
      (select count(*)::int from lyrics where track_id = ${id}) as lyrics,
      (select count(*)::int from provider_ids where kind = 'track' and entity_id = ${id}) as "providerIds",
      (select count(*)::int from recommendations where track_id = ${id}) as recommendations`),
  );
  if (!c) throw new Error("count query returned nothing");
  return c;
}

/**
 * Merges `dropId` into `keepId` in one transaction: listens, likes, lyrics, provider ids and
 * recommendations move, collisions on unique keys keep the surviving track's row, and the duplicate is
 * deleted. Listens are moved row for row, so every count by user and day stays the same.
 */
export async function adminMergeTracks(db: Db, actorId: number, keepId: number, dropId: number) {
  return db.transaction(async (tx) => {
    // Lock both rows in id order so two merges touching the same pair cannot deadlock.
    const locked = rows<{ id: number; title: string; artist_line: string }>(
      await tx.execute(sql`select id, title, artist_line from tracks where id in (${keepId}, ${dropId})
        order by id for update`),
    );
    const keep = locked.find((t) => t.id === keepId);
    const drop = locked.find((t) => t.id === dropId);
    if (!keep || !drop) throw new NotFound("No such track");
    const before = { keep: await counts(tx, keepId), drop: await counts(tx, dropId) };

    const notMoved = await mergeTrackInto(tx, keepId, dropId);

    const after = await counts(tx, keepId);
    if (after.listens !== before.keep.listens + before.drop.listens)
      throw new BadRequest("Merge would lose listens; nothing was changed");
    const result = { keepId, dropId, before, after, notMoved };
    await writeAudit(tx, {
      actorId,
      action: "track.merge",
      target: `track:${keepId}`,
      before: { tracks: { keep, drop }, ...before },
      after: { ...after, notMoved },
    });
    return result;
  });
}

/**
 * Moves everything of track `dropId` to `keepId` and deletes it, inside the caller's transaction (both
 * rows locked): the admin's merge and a verified catalog claim (lib/catalog/claims.ts). Returns the tables
 * whose rows could not move. `inherit: false` (a claim): the survivor takes nothing of the duplicate's own
 * facts (ISRC, cover, album, duration, lyrics found by its title), which only a file vouched for.
 */
export async function mergeTrackInto(
  tx: Db,
  keepId: number,
  dropId: number,
  opts: { inherit?: boolean } = {},
): Promise<string[]> {
  const inherit = opts.inherit ?? true;
  // listens' unique key is (user, dedup_key): no track in it, so every listen moves.
  await tx.execute(sql`update listens set track_id = ${keepId} where track_id = ${dropId}`);
  // A user who liked both keeps one like on the survivor, dated to the earlier of the two.
  await tx.execute(sql`update likes k set liked_at = least(k.liked_at, d.liked_at) from likes d
    where k.track_id = ${keepId} and d.track_id = ${dropId} and d.user_id = k.user_id and d.provider = k.provider`);
  await tx.execute(sql`update likes d set track_id = ${keepId} where d.track_id = ${dropId} and not exists
    (select 1 from likes k where k.track_id = ${keepId} and k.user_id = d.user_id and k.provider = d.provider)`);
  await tx.execute(sql`update recommendations d set track_id = ${keepId} where d.track_id = ${dropId} and not exists
    (select 1 from recommendations k where k.track_id = ${keepId} and k.user_id = d.user_id and k.reason = d.reason)`);
  if (inherit) await mergeLyrics(tx, keepId, dropId);
  await tx.execute(
    sql`update provider_ids set entity_id = ${keepId} where kind = 'track' and entity_id = ${dropId}`,
  );
  // The survivor inherits what it lacks (an ISRC, a cover, an album) from the duplicate.
  if (inherit)
    await tx.execute(sql`update tracks k set isrc = coalesce(k.isrc, d.isrc), cover_url = coalesce(k.cover_url, d.cover_url),
    album_id = coalesce(k.album_id, d.album_id), duration_ms = coalesce(k.duration_ms, d.duration_ms)
    from tracks d where k.id = ${keepId} and d.id = ${dropId}`);
  const notMoved = await moveOtherReferences(tx, keepId, dropId);
  // An import batch may hold the duplicate's id, resolved before this merge: it follows the redirect.
  await tx.execute(sql`update track_merges set keep_id = ${keepId} where keep_id = ${dropId}`);
  await tx.execute(sql`insert into track_merges (drop_id, keep_id) values (${dropId}, ${keepId})
    on conflict (drop_id) do update set keep_id = excluded.keep_id, merged_at = now()`);
  await tx.execute(sql`delete from tracks where id = ${dropId}`);
  return notMoved;
}

/** Found lyrics beat a cached miss; otherwise the survivor's own row stays. Views add up either way. */
async function mergeLyrics(tx: Db, keepId: number, dropId: number) {
  const [state] = rows<{ keep: boolean | null; drop: boolean | null; views: number }>(
    await tx.execute(sql`select (select found from lyrics where track_id = ${keepId}) as keep,
      (select found from lyrics where track_id = ${dropId}) as drop,
      (select coalesce(sum(views), 0)::int from lyrics where track_id in (${keepId}, ${dropId})) as views`),
  );
  if (!state || state.drop === null) return;
  if (state.keep === null || (!state.keep && state.drop)) {
    await tx.execute(sql`delete from lyrics where track_id = ${keepId}`);
    await tx.execute(
      sql`update lyrics set track_id = ${keepId}, views = ${state.views} where track_id = ${dropId}`,
    );
  } else {
    await tx.execute(sql`update lyrics set views = ${state.views} where track_id = ${keepId}`);
  }
}

// listen_track_totals and listen_local_monthly_tracks follow the listens through the stats triggers; moving
// them again would double them.
// track_stat_groups is derived from the catalog by triggers and leaves with the duplicate.
const HANDLED = new Set([
  "listens",
  "likes",
  "lyrics",
  "recommendations",
  "track_artists",
  "listen_track_totals",
  "listen_local_monthly_tracks",
  "track_stat_groups",
  // A claim (lib/catalog/claims.ts) goes with the claimed track: moved, it would hide the survivor.
  "track_claims",
  "track_merges",
]);

/**
 * Tables added later by other features (rollups, caches) that reference tracks are moved too, each in a
 * savepoint: if a unique key collides there, its rows stay on the duplicate and go with its cascade.
 */
async function moveOtherReferences(tx: Db, keepId: number, dropId: number): Promise<string[]> {
  const refs = rows<{ tbl: string; col: string }>(
    await tx.execute(sql`select c.conrelid::regclass::text as tbl, a.attname as col
      from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'tracks'::regclass and cardinality(c.conkey) = 1`),
  );
  const notMoved: string[] = [];
  for (const { tbl, col } of refs) {
    if (HANDLED.has(tbl.replace(/"/g, ""))) continue;
    try {
      await tx.transaction(async (sp) => {
        await sp.execute(
          sql`update ${sql.raw(tbl)} set ${sql.identifier(col)} = ${keepId} where ${sql.identifier(col)} = ${dropId}`,
        );
      });
    } catch (err) {
      log.warn("merge: rows left on the duplicate", { table: tbl, error: String(err) });
      notMoved.push(tbl);
    }
  }
  return notMoved;
}
