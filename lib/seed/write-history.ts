import type postgres from "postgres";
import type { SeedCatalog } from "./catalog";
import type { SeedListen } from "./history";
import type { Rng } from "./random";

type Sql = postgres.Sql;

export class ListenWriter {
  private buffer: SeedListen[] = [];
  private next = 0;
  inserted = 0;
  readonly plays = new Map<number, { count: number; first: number; source: "spotify" | "yandex" }>();

  constructor(
    private readonly sql: Sql,
    private readonly opts: { userId: number; seed: string; trackIds: number[]; batch?: number },
  ) {}

  async add(listens: SeedListen[]): Promise<void> {
    for (const l of listens) {
      this.buffer.push(l);
      if (!l.skipped) {
        const p = this.plays.get(l.track);
        if (p) p.count++;
        else this.plays.set(l.track, { count: 1, first: l.startedAt, source: l.source });
      }
    }
    if (this.buffer.length >= (this.opts.batch ?? 10_000)) await this.flush();
  }

  /** One multi-row INSERT … SELECT FROM unnest per batch: a handful of parameters, however many rows. */
  async flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    if (rows.length === 0) return;
    const { sql, opts } = this;
    const keys = rows.map(() => `seed:${opts.seed}:${this.next++}`);
    const result = await sql`
      insert into listens (user_id, track_id, source, origin, started_at, ended_at, ms_played, skipped, dedup_key)
      select ${opts.userId}, t, s, 'history', to_timestamp(a / 1000.0), to_timestamp((a + m) / 1000.0), m, k, d
      from unnest(${sql.array(rows.map((r) => opts.trackIds[r.track] ?? 0))}::int[],
        ${sql.array(rows.map((r) => r.source))}::text[], ${sql.array(rows.map((r) => r.startedAt))}::float8[],
        ${sql.array(rows.map((r) => r.msPlayed))}::int[], ${sql.array(rows.map((r) => r.skipped))}::bool[],
        ${sql.array(keys)}::text[]) as x(t, s, a, m, k, d)
      on conflict do nothing`;
    this.inserted += result.count;
  }
}

/** Likes for a share of the songs actually played, more likely the more they were played. */
export async function writeLikes(
  sql: Sql,
  rng: Rng,
  opts: { userId: number; catalog: SeedCatalog; trackIds: number[]; writer: ListenWriter; until: number },
): Promise<number> {
  const track: number[] = [];
  const provider: string[] = [];
  const at: number[] = [];
  for (const [index, p] of opts.writer.plays) {
    const chance = Math.min(0.6, 0.01 + p.count / 150);
    if (!rng.chance(chance)) continue;
    const ids = opts.catalog.tracks[index]?.ids;
    const prov = p.source === "yandex" && ids?.yandex ? "yandex" : ids?.spotify ? "spotify" : "yandex";
    track.push(opts.trackIds[index] ?? 0);
    provider.push(prov);
    at.push(Math.min(opts.until, p.first + rng.int(0, 30) * 86_400_000));
  }
  if (track.length === 0) return 0;
  const result = await sql`
    insert into likes (user_id, track_id, provider, liked_at)
    select ${opts.userId}, t, p, to_timestamp(a / 1000.0)
    from unnest(${sql.array(track)}::int[], ${sql.array(provider)}::text[], ${sql.array(at)}::float8[]) as x(t, p, a)
    on conflict do nothing`;
  return result.count;
}
