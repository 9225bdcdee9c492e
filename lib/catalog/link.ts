import { type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * The catalog's one way to turn keyed items (a provider's id, or our key of a name-only item) into entity
 * ids: look the key up, else match existing entities by other evidence, else create them, and link the
 * key so the next writer finds it. Set-based (a handful of statements per batch) and safe under concurrent
 * writers. The track, artist and album plans live in upsert.ts, file claims in claims.ts.
 */

export type CatalogProvider = "spotify" | "yandex" | "import" | "local";

export type Kind = "track" | "artist" | "album";
export type Keyed = { provider: CatalogProvider; ext: string; url: string | null; local: boolean };

export const keyOf = (k: { provider: string; ext: string }) => `${k.provider}\u0000${k.ext}`;

export const rowsOf = <T>(result: unknown) => result as unknown as T[];
export const asJson = (v: unknown): SQL => sql`${JSON.stringify(v)}::jsonb`;

async function allocateIds(db: Db, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = rowsOf<{ id: number }>(
    await db.execute(
      sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
    ),
  );
  return rows.map((r) => r.id);
}

export async function lookupProviderIds(db: Db, kind: Kind, items: Keyed[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (!items.length) return found;
  const rows = rowsOf<{ provider: string; ext: string; id: number }>(
    await db.execute(sql`
      select p.provider, p.external_id as ext, p.entity_id as id
      from jsonb_to_recordset(${asJson(items.map((i) => ({ p: i.provider, e: i.ext })))}) as u(p text, e text)
      join provider_ids p on p.provider = u.p and p.kind = ${kind} and p.external_id = u.e`),
  );
  for (const r of rows) found.set(keyOf(r), r.id);
  return found;
}

/** Where an item's key is linked to its entity: provider_ids by default, track_claims for file claims. */
export type LinkStore<T extends Keyed> = {
  lookup: (items: T[]) => Promise<Map<string, number>>;
  /**
   * Links each item to its id unless another writer linked it first; returns the keys it linked.
   * `created`: the id is a new entity of this call (else one found by `match`).
   */
  link: (links: { item: T; id: number; created: boolean }[]) => Promise<Set<string>>;
};

function providerIdStore<T extends Keyed>(db: Db, kind: Kind): LinkStore<T> {
  return {
    lookup: (items) => lookupProviderIds(db, kind, items),
    link: async (links) => {
      // In key order: two writers inserting overlapping keys in opposite orders could deadlock.
      const data = links
        .map(({ item, id }) => ({ p: item.provider, e: item.ext, id, u: item.url }))
        .sort((a, b) => (a.p === b.p ? (a.e < b.e ? -1 : a.e > b.e ? 1 : 0) : a.p < b.p ? -1 : 1));
      const won = rowsOf<{ provider: string; ext: string }>(
        await db.execute(sql`
          insert into provider_ids (provider, kind, external_id, entity_id, url)
          select u.p, ${kind}, u.e, u.id, u.u from jsonb_to_recordset(${asJson(data)}) as u(p text, e text, id int, u text)
          on conflict (provider, kind, external_id) do nothing
          returning provider, external_id as ext`),
      );
      return new Set(won.map(keyOf));
    },
  };
}

export type Plan<T extends Keyed> = {
  kind: Kind;
  table: "tracks" | "artists" | "albums";
  store?: LinkStore<T>;
  /** Existing entity by other evidence (ISRC, names), one result per item. */
  match?: (items: T[]) => Promise<(number | null)[]>;
  /** Items with the same group key become one new entity. */
  group?: (item: T) => string;
  create: (items: T[], ids: number[]) => Promise<void>;
};

/**
 * Resolve each item to an entity id through provider_ids, then `match`, else create it. Concurrency: the
 * unique (provider, kind, external_id) key decides; a loser of a race adopts the winner's id and its own
 * unreferenced new row is removed.
 */
export async function linkOrCreate<T extends Keyed>(
  db: Db,
  plan: Plan<T>,
  items: T[],
): Promise<{ ids: number[]; created: Set<number> }> {
  const store = plan.store ?? providerIdStore<T>(db, plan.kind);
  const known = await store.lookup(items);
  const ids: (number | null)[] = items.map((i) => known.get(keyOf(i)) ?? null);
  const open = items.map((_, n) => n).filter((n) => ids[n] === null);
  if (!open.length) return { ids: ids as number[], created: new Set() };

  const matched = plan.match ? await plan.match(open.map((n) => items[n] as T)) : [];
  open.forEach((n, j) => {
    ids[n] = matched[j] ?? null;
  });

  const toCreate = open.filter((n) => ids[n] === null);
  const groups = new Map<string, number[]>();
  for (const n of toCreate) {
    const g = plan.group ? plan.group(items[n] as T) : keyOf(items[n] as T);
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  const leaders = [...groups.values()].map((g) => g[0] as number);
  const newIds = await allocateIds(db, plan.table, leaders.length);
  const created = new Set(newIds);
  [...groups.values()].forEach((members, j) => {
    for (const n of members) ids[n] = newIds[j] as number;
  });
  if (leaders.length)
    await plan.create(
      leaders.map((n) => items[n] as T),
      newIds,
    );

  const wonKeys = await store.link(
    open.map((n) => ({ item: items[n] as T, id: ids[n] as number, created: created.has(ids[n] as number) })),
  );
  if (wonKeys.size < open.length) {
    const lost = open.filter((n) => !wonKeys.has(keyOf(items[n] as T)));
    const winners = await store.lookup(lost.map((n) => items[n] as T));
    for (const n of lost) ids[n] = winners.get(keyOf(items[n] as T)) ?? null;
    const orphans = [...created].filter((id) => !ids.includes(id));
    for (const id of orphans) created.delete(id);
    if (orphans.length) {
      await db.execute(sql`
        delete from ${sql.identifier(plan.table)} e where e.id = any(${sql.raw(`'{${orphans.join(",")}}'::int[]`)})
          and not exists (select 1 from provider_ids p where p.kind = ${plan.kind} and p.entity_id = e.id)`);
    }
  }
  if (ids.some((id) => id === null)) throw new Error(`catalog: could not resolve ${plan.kind} ids`);
  return { ids: ids as number[], created };
}
