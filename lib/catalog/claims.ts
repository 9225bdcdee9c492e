import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mergeTrackInto } from "@/lib/admin/track-merge";
import { asJson, keyOf, type LinkStore, linkOrCreate, lookupProviderIds, rowsOf } from "./link";
import { nameKeys, sameSongByName, type TrackItem, trackPlan } from "./upsert";

/**
 * Catalog trust (issue #17). What a history file says about a song (its Spotify or Yandex id, title,
 * artists, album, cover, ISRC) is an unverified claim of the user who uploaded it. The rules:
 *
 * - A file row whose provider id a provider call already resolved uses the provider's track as it is: a
 *   file never writes to a shared track (no gap filling either: a file's ISRC on a shared track would let
 *   it capture other users' songs through the ISRC match).
 * - Otherwise the row gets a track of the claiming user's own (a `track_claims` row keyed by user and the
 *   claimed id, or the metadata key of a name-only row). Claimed tracks are never matched for anyone, so
 *   another user's import, live play or like of the same id never sees this user's title.
 * - A claim may still point at an existing shared track (the same ISRC, or the same normalised title and
 *   artist): that changes nothing anyone else sees.
 * - When a provider call (live poll, reconcile, likes sync) resolves the same id, every claim of it is merged
 *   into the provider's track (listens move, rollups follow through the listens triggers): from then on the
 *   provider's metadata is what the claiming user sees too.
 *
 * Artists and albums of a claimed track are linked by name only (the file's artist and album ids are
 * dropped, and so is the album cover); names match after normalisation, so another user sees at most a
 * different spelling (case, accents, punctuation) of the same name.
 */
export function claimStore(db: Db, userId: number): LinkStore<TrackItem> {
  return {
    lookup: async (items) => {
      const found = new Map<string, number>();
      if (!items.length) return found;
      const rows = rowsOf<{ provider: string; ext: string; id: number }>(
        await db.execute(sql`
          select c.provider, c.external_id as ext, c.track_id as id
          from jsonb_to_recordset(${asJson(items.map((i) => ({ p: i.provider, e: i.ext })))}) as u(p text, e text)
          join track_claims c on c.user_id = ${userId} and c.provider = u.p and c.external_id = u.e`),
      );
      for (const r of rows) found.set(keyOf(r), r.id);
      return found;
    },
    link: async (links) => {
      // A claim that matched a shared track just uses it: only tracks made for the claim are claimed.
      const matched = links.filter((l) => !l.created).map((l) => keyOf(l.item));
      const data = links
        .filter((l) => l.created)
        .map(({ item, id }) => ({ p: item.provider, e: item.ext, id }));
      if (!data.length) return new Set(matched);
      const won = rowsOf<{ provider: string; ext: string }>(
        await db.execute(sql`
          insert into track_claims (track_id, user_id, provider, external_id)
          select u.id, ${userId}, u.p, u.e from jsonb_to_recordset(${asJson(data)}) as u(p text, e text, id int)
          on conflict (user_id, provider, external_id) do nothing
          returning provider, external_id as ext`),
      );
      return new Set([...matched, ...won.map(keyOf)]);
    },
  };
}

/** The claim as the catalog may store it: names only for artists and album, no album cover or links. */
function claimed(i: TrackItem): TrackItem {
  const { input } = i;
  return {
    ...i,
    url: null,
    input: {
      ...input,
      url: null,
      coverUrl: input.coverUrl ?? input.album?.coverUrl ?? null,
      artists: input.artists.map((a) => ({ name: a.name })),
      ...(input.album && { album: { title: input.album.title } }),
    },
  };
}

/** Track ids for file rows of `userId` (see the rules above), in item order. */
export async function resolveClaims(db: Db, items: TrackItem[], userId: number): Promise<{ ids: number[] }> {
  // One transaction, one at a time per user: a claimed track and its claim row appear together (no other
  // user's match can catch the track unclaimed in between), and two chunks of one import that claim the
  // same new song cannot both create it.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('musictrace:claims'), ${userId})`);
    return resolveClaimsIn(tx as unknown as Db, items, userId);
  });
}

async function resolveClaimsIn(db: Db, items: TrackItem[], userId: number): Promise<{ ids: number[] }> {
  const verified = await lookupProviderIds(
    db,
    "track",
    items.filter((i) => !i.local),
  );
  const ids = items.map((i) => (i.local ? null : (verified.get(keyOf(i)) ?? null)));
  const open = items.map((_, n) => n).filter((n) => ids[n] === null);
  if (open.length) {
    const plan = { ...trackPlan(db), store: claimStore(db, userId) };
    const r = await linkOrCreate(
      db,
      plan,
      open.map((n) => claimed(items[n] as TrackItem)),
    );
    open.forEach((n, j) => {
      ids[n] = r.ids[j] as number;
    });
  }
  return { ids: ids as number[] };
}

/**
 * A provider call resolved these items to `ids`: claims of the same provider ids are verified now, and
 * merge into the provider's track. So are name-only claims (a Last.fm or ListenBrainz row) of the same song
 * when the provider's track is new (`created`): the same normalised title, a shared artist and, when both
 * know it, a duration within 3 s, the rule a name-only row would have matched a shared track by. Either
 * merge changes only the claimer's own listens, towards the provider's metadata. One indexed probe when
 * there is nothing to adopt (the usual case of a live poll).
 */
export async function adoptClaims(
  db: Db,
  items: TrackItem[],
  ids: number[],
  created: Set<number>,
): Promise<void> {
  const byId = items
    .map((i, n) => ({ p: i.provider, e: i.ext, id: ids[n] }))
    .filter((_, n) => !(items[n] as TrackItem).local);
  const byName = items
    .map((i, n) => ({ id: ids[n] as number, ...nameKeys(i) }))
    .filter((r) => created.has(r.id));
  const pairs = [
    ...(byId.length
      ? rowsOf<{ keep: number; drop: number }>(
          await db.execute(sql`
            select distinct u.id as keep, c.track_id as drop
            from jsonb_to_recordset(${asJson(byId)}) as u(p text, e text, id int)
            join track_claims c on c.provider = u.p and c.external_id = u.e
            where c.track_id <> u.id`),
        )
      : []),
    ...(byName.length
      ? rowsOf<{ keep: number; drop: number }>(
          await db.execute(sql`
            select distinct u.id as keep, t.id as drop
            from jsonb_to_recordset(${asJson(byName)}) as u(id int, nt text, na text, d int)
            join tracks t on t.id <> u.id and ${sameSongByName}
            where exists (select 1 from track_claims c where c.track_id = t.id and c.provider = 'local')`),
        )
      : []),
  ];
  const merged = new Set<number>();
  for (const { keep, drop } of pairs) {
    if (merged.has(drop)) continue;
    merged.add(drop);
    await db.transaction(async (tx) => {
      // Both rows locked in id order (as the admin merge does), and the claim may be gone meanwhile.
      const locked = rowsOf<{ id: number }>(
        await tx.execute(sql`select id from tracks where id in (${keep}, ${drop}) order by id for update`),
      );
      if (locked.length === 2) await mergeTrackInto(tx, keep, drop, { inherit: false });
    });
  }
}
