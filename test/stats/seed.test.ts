import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { seedHistory } from "@/lib/seed";
import { generateCatalog } from "@/lib/seed/catalog";
import { generateHistory, type SeedListen } from "@/lib/seed/history";
import { createTestUser } from "@/test/helpers/factories";

const until = Date.parse("2026-06-01T12:00:00Z");

function history(seed: string) {
  const catalog = generateCatalog("cat", { artists: 40, tracks: 200 });
  const out: SeedListen[] = [];
  for (const day of generateHistory(catalog, {
    seed,
    listens: 3000,
    years: 2,
    until,
    timeZone: "Europe/Moscow",
  })) {
    out.push(...day);
  }
  return { catalog, out };
}

describe("seed generator", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = history("1");
    const b = history("1");
    const c = history("2");
    expect(a.out).toEqual(b.out);
    expect(a.catalog.tracks.map((t) => t.title)).toEqual(b.catalog.tracks.map((t) => t.title));
    expect(c.out).not.toEqual(a.out);
  });

  it("looks like a listening history", () => {
    const { catalog, out } = history("shape");
    expect(out.length).toBeGreaterThan(2900);
    expect(out.every((l) => l.startedAt <= until)).toBe(true);
    const skipped = out.filter((l) => l.skipped).length / out.length;
    expect(skipped).toBeGreaterThan(0.05);
    expect(skipped).toBeLessThan(0.2);
    expect(new Set(out.map((l) => l.source))).toEqual(new Set(["spotify", "yandex"]));
    expect(catalog.artists.some((a) => /[а-яё]/i.test(a.name))).toBe(true);
    expect(catalog.artists.some((a) => /^[\x20-\x7e]+$/.test(a.name))).toBe(true);
    // Power law: the most played track gets far more than the median one.
    const counts = new Map<number, number>();
    for (const l of out) counts.set(l.track, (counts.get(l.track) ?? 0) + 1);
    const sorted = [...counts.values()].sort((x, y) => y - x);
    expect(sorted[0] ?? 0).toBeGreaterThan(5 * (sorted[Math.floor(sorted.length / 2)] ?? 1));
    const span = (out[out.length - 1]?.startedAt ?? 0) - (out[0]?.startedAt ?? 0);
    expect(span).toBeGreaterThan(600 * 86_400_000);
  });

  it("writes a user's history in bulk, and a second run adds nothing", async () => {
    const db = getDb();
    const user = await createTestUser();
    const opts = { userId: user.id, listens: 2000, seed: `t${user.id}`, years: 1, until, timeZone: "UTC" };
    const first = await seedHistory(db.$client, opts);
    expect(first.listens).toBeGreaterThan(1900);
    const again = await seedHistory(db.$client, opts);
    expect(again.listens).toBe(0);
    const [row] = (await db.execute(
      sql`select count(*)::int as n, count(distinct source)::int as sources from listens where user_id = ${user.id}`,
    )) as unknown as { n: number; sources: number }[];
    expect(row?.n).toBe(first.listens);
    expect(row?.sources).toBe(2);
    const [genres] = (await db.execute(sql`select count(*)::int as n from listens l
      join tracks t on t.id = l.track_id join album_genres g on g.album_id = t.album_id
      where l.user_id = ${user.id}`)) as unknown as { n: number }[];
    expect(genres?.n).toBeGreaterThan(0);
  });
});
