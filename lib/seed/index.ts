import type postgres from "postgres";
import { catalogSize, generateCatalog } from "./catalog";
import { generateHistory } from "./history";
import { Rng } from "./random";
import { writeCatalog } from "./write-catalog";
import { ListenWriter, writeLikes } from "./write-history";

export type SeedOptions = {
  userId: number;
  listens: number;
  seed: string;
  /** Users seeded from one catalog seed share songs, like real listeners do. Defaults to `seed`. */
  catalogSeed?: string;
  years?: number;
  until?: number;
  timeZone: string;
  log?: (line: string) => void;
};

export type SeedResult = { artists: number; tracks: number; listens: number; likes: number; ms: number };

/** Generates and writes a synthetic history; the same options always give the same rows. */
export async function seedHistory(sql: postgres.Sql, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const size = catalogSize(opts.listens);
  const years = opts.years ?? Math.min(10, Math.max(2, Math.ceil(opts.listens / 100_000)));
  const until = opts.until ?? Date.now();
  const catalog = generateCatalog(opts.catalogSeed ?? opts.seed, size);
  log(
    `catalog: ${catalog.artists.length} artists, ${catalog.albums.length} albums, ${catalog.tracks.length} tracks`,
  );
  const { trackIds } = await writeCatalog(sql, catalog);

  const writer = new ListenWriter(sql, { userId: opts.userId, seed: opts.seed, trackIds });
  let lastReport = Date.now();
  for (const day of generateHistory(catalog, {
    seed: opts.seed,
    listens: opts.listens,
    years,
    until,
    timeZone: opts.timeZone,
  })) {
    await writer.add(day);
    if (Date.now() - lastReport > 5_000) {
      log(`listens: ${writer.inserted.toLocaleString("en")} written…`);
      lastReport = Date.now();
    }
  }
  await writer.flush();
  const likes = await writeLikes(sql, new Rng(`${opts.seed}:likes`), {
    userId: opts.userId,
    catalog,
    trackIds,
    writer,
    until,
  });
  return {
    artists: catalog.artists.length,
    tracks: catalog.tracks.length,
    listens: writer.inserted,
    likes,
    ms: Date.now() - started,
  };
}
