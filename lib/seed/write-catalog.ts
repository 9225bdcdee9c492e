import type postgres from "postgres";
import type { SeedCatalog, SeedProviderIds } from "./catalog";

type Sql = postgres.Sql;
type Kind = "artist" | "album" | "track";
const BATCH = 5_000;

function primaryKey(ids: SeedProviderIds): { provider: "spotify" | "yandex"; externalId: string } {
  return ids.spotify
    ? { provider: "spotify", externalId: ids.spotify }
    : { provider: "yandex", externalId: ids.yandex ?? "" };
}

async function existingIds(sql: Sql, kind: Kind, items: SeedProviderIds[]): Promise<(number | undefined)[]> {
  const keys = items.map(primaryKey);
  const rows = await sql<{ provider: string; external_id: string; entity_id: number }[]>`
    select provider, external_id, entity_id from provider_ids
    where kind = ${kind} and (provider, external_id) in (
      select * from unnest(${sql.array(keys.map((k) => k.provider))}::text[], ${sql.array(keys.map((k) => k.externalId))}::text[]))`;
  const found = new Map(rows.map((r) => [`${r.provider}:${r.external_id}`, r.entity_id]));
  return keys.map((k) => found.get(`${k.provider}:${k.externalId}`));
}

async function allocateIds(sql: Sql, table: "artists" | "albums" | "tracks", n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await sql<{ id: number }[]>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`;
  return rows.map((r) => r.id);
}

async function insertProviderIds(sql: Sql, kind: Kind, items: { ids: SeedProviderIds; id: number }[]) {
  const provider: string[] = [];
  const external: string[] = [];
  const entity: number[] = [];
  for (const item of items) {
    for (const p of ["spotify", "yandex"] as const) {
      const ext = item.ids[p];
      if (!ext) continue;
      provider.push(p);
      external.push(ext);
      entity.push(item.id);
    }
  }
  if (provider.length === 0) return;
  const urlBase = { spotify: "https://open.spotify.com/", yandex: "https://music.yandex.ru/" };
  const urls = provider.map((p, i) =>
    p === "spotify" ? `${urlBase.spotify}${kind}/${external[i]}` : `${urlBase.yandex}${kind}/${external[i]}`,
  );
  await sql`
    insert into provider_ids (provider, kind, external_id, entity_id, url)
    select p, ${kind}, e, id, u from unnest(${sql.array(provider)}::text[], ${sql.array(external)}::text[],
      ${sql.array(entity)}::int[], ${sql.array(urls)}::text[]) as t(p, e, id, u)
    on conflict do nothing`;
}

/**
 * Writes the catalog in bulk and returns our database ids per seed index. Entities already present
 * (same provider ids from an earlier run or another user's seed) are reused, not duplicated.
 */
export async function writeCatalog(sql: Sql, catalog: SeedCatalog) {
  const artistIds = await writeEntities(sql, "artist", catalog.artists, async (rows, ids) => {
    await sql`insert into artists (id, name, norm_name)
      select * from unnest(${sql.array(ids)}::int[], ${sql.array(rows.map((a) => a.name))}::text[],
        ${sql.array(rows.map((a) => a.normName))}::text[])`;
    const artist: number[] = [];
    const genre: string[] = [];
    const source: string[] = [];
    rows.forEach((a, i) => {
      a.genres.forEach((g, k) => {
        artist.push(ids[i] ?? 0);
        genre.push(g);
        source.push(k === 0 ? "spotify" : "musicbrainz");
      });
    });
    await sql`insert into artist_genres (artist_id, genre, source)
      select * from unnest(${sql.array(artist)}::int[], ${sql.array(genre)}::text[], ${sql.array(source)}::text[])
      on conflict do nothing`;
  });

  const albumIds = await writeEntities(sql, "album", catalog.albums, async (rows, ids) => {
    await sql`insert into albums (id, title, norm_title, release_year)
      select * from unnest(${sql.array(ids)}::int[], ${sql.array(rows.map((a) => a.title))}::text[],
        ${sql.array(rows.map((a) => a.normTitle))}::text[], ${sql.array(rows.map((a) => a.year))}::int[])`;
    // Yandex reports a genre per album; that is what the original's TOP GENRE card meant.
    const yandex = rows.map((a, i) => ({ a, id: ids[i] ?? 0 })).filter((x) => x.a.ids.yandex);
    await sql`insert into album_genres (album_id, genre, source)
      select id, g, 'yandex' from unnest(${sql.array(yandex.map((x) => x.id))}::int[],
        ${sql.array(yandex.map((x) => x.a.genre))}::text[]) as t(id, g)
      on conflict do nothing`;
  });

  const trackIds = await writeEntities(sql, "track", catalog.tracks, async (rows, ids) => {
    const artistLine = rows.map((t) => t.artists.map((a) => catalog.artists[a]?.name ?? "").join(", "));
    await sql`insert into tracks (id, title, norm_title, artist_line, album_id, duration_ms, isrc)
      select * from unnest(${sql.array(ids)}::int[], ${sql.array(rows.map((t) => t.title))}::text[],
        ${sql.array(rows.map((t) => t.normTitle))}::text[], ${sql.array(artistLine)}::text[],
        ${sql.array(rows.map((t) => albumIds[t.album] ?? 0))}::int[],
        ${sql.array(rows.map((t) => t.durationMs))}::int[], ${sql.array(rows.map((t) => t.isrc))}::text[])`;
    const track: number[] = [];
    const artist: number[] = [];
    const position: number[] = [];
    rows.forEach((t, i) => {
      t.artists.forEach((a, k) => {
        track.push(ids[i] ?? 0);
        artist.push(artistIds[a] ?? 0);
        position.push(k);
      });
    });
    await sql`insert into track_artists (track_id, artist_id, position)
      select * from unnest(${sql.array(track)}::int[], ${sql.array(artist)}::int[], ${sql.array(position)}::int[])
      on conflict do nothing`;
  });
  return { artistIds, albumIds, trackIds };
}

async function writeEntities<T extends { ids: SeedProviderIds }>(
  sql: Sql,
  kind: Kind,
  items: T[],
  insert: (rows: T[], ids: number[]) => Promise<void>,
): Promise<number[]> {
  const table = kind === "artist" ? "artists" : kind === "album" ? "albums" : "tracks";
  const out: number[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const found = await existingIds(
      sql,
      kind,
      batch.map((b) => b.ids),
    );
    const missing = batch.filter((_, k) => found[k] === undefined);
    const fresh = await allocateIds(sql, table, missing.length);
    // Entity rows first, then the ids that make them findable: an interrupted run leaves at worst orphans.
    await insert(missing, fresh);
    await insertProviderIds(
      sql,
      kind,
      missing.map((m, k) => ({ ids: m.ids, id: fresh[k] ?? 0 })),
    );
    let next = 0;
    for (const id of found) out.push(id ?? fresh[next++] ?? 0);
  }
  return out;
}
