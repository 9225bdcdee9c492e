import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { uniqueName } from "@/test/helpers/factories";

type Row = Record<string, unknown>;
const rows = async <T = Row>(db: Db, q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as T[];

/** A catalog track with its artists (created fresh, names made unique) and optional genres. */
export async function makeTrack(
  db: Db,
  opts: {
    title?: string;
    artists?: string[];
    albumGenre?: string;
    artistGenres?: string[];
    unique?: boolean;
  } = {},
): Promise<{ trackId: number; artistIds: number[] }> {
  const title = opts.title ?? uniqueName("song");
  const names = opts.artists ?? [uniqueName("artist")];
  const artistIds: number[] = [];
  for (const name of names) {
    const [a] = await rows<{ id: number }>(
      db,
      sql`insert into artists (name, norm_name) values (${name}, ${name.toLowerCase()}) returning id`,
    );
    if (!a) throw new Error("artist");
    artistIds.push(a.id);
    for (const g of opts.artistGenres ?? []) {
      await db.execute(
        sql`insert into artist_genres (artist_id, genre, source) values (${a.id}, ${g}, 'spotify') on conflict do nothing`,
      );
    }
  }
  const [album] = await rows<{ id: number }>(
    db,
    sql`insert into albums (title, norm_title) values (${`${title} LP`}, ${title.toLowerCase()}) returning id`,
  );
  if (!album) throw new Error("album");
  if (opts.albumGenre !== undefined) {
    await db.execute(
      sql`insert into album_genres (album_id, genre, source) values (${album.id}, ${opts.albumGenre}, 'yandex')`,
    );
  }
  const [track] = await rows<{ id: number }>(
    db,
    sql`insert into tracks (title, norm_title, artist_line, album_id, duration_ms)
      values (${title}, ${title.toLowerCase()}, ${names.join(", ")}, ${album.id}, 200000) returning id`,
  );
  if (!track) throw new Error("track");
  for (const [i, id] of artistIds.entries()) {
    await db.execute(
      sql`insert into track_artists (track_id, artist_id, position) values (${track.id}, ${id}, ${i})`,
    );
  }
  return { trackId: track.id, artistIds };
}

let seq = 0;

export async function addListen(
  db: Db,
  l: {
    userId: number;
    trackId: number;
    at: string | Date;
    source?: "spotify" | "yandex";
    skipped?: boolean;
    msPlayed?: number;
    duplicateOf?: number;
  },
): Promise<number> {
  const at = typeof l.at === "string" ? l.at : l.at.toISOString();
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into listens (user_id, track_id, source, origin, started_at, ms_played, skipped, dedup_key, duplicate_of)
      values (${l.userId}, ${l.trackId}, ${l.source ?? "spotify"}, 'live', ${at}::timestamptz, ${l.msPlayed ?? 180000},
        ${l.skipped ?? false}, ${`t:${process.pid}:${++seq}:${Math.random()}`}, ${l.duplicateOf ?? null}) returning id`,
  );
  return Number(row?.id);
}
