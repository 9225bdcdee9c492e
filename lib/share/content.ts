import type { Db } from "@/db/client";
import { withStatsCache } from "@/lib/stats/cache";
import { listenSpan } from "@/lib/stats/has-listens";
import { getOverview } from "@/lib/stats/overview";
import { statsParams } from "@/lib/stats/params";
import { getRecap, type Recap } from "@/lib/stats/recap";
import { getTop, type TopItem, type TopKind } from "@/lib/stats/top";
import { localDateString } from "@/lib/stats/zone";
import type { SharedLink } from "./links";

const KINDS: TopKind[] = ["artists", "tracks", "albums", "genres"];
const TOP = 5;

/** firstListen is the owner's local date (YYYY-MM-DD). */
export type ShareProfile = { plays: number; minutes: number; firstListen: string | null };
export type ShareTop = {
  range: "all" | "year" | "30d";
  total: { plays: number; minutes: number };
  lists: Record<TopKind, TopItem[]>;
};
export type ShareContent = { profile: ShareProfile | null; top: ShareTop | null; recap: Recap | null };

/**
 * The sections a link shows, computed as the owner's own pages compute them (their user id and time zone,
 * the same stats cache), and nothing else: no listens, no account data.
 */
export async function loadShareContent(db: Db, link: SharedLink): Promise<ShareContent> {
  const owner = { id: link.userId, timeZone: link.timeZone };
  const s = link.sections;
  const [profile, top, recap] = await Promise.all([
    s.profile ? loadProfile(db, owner) : null,
    s.top ? loadTop(db, owner, s.top) : null,
    s.recap ? loadRecap(db, owner, s.recap) : null,
  ]);
  return { profile, top, recap };
}

type Owner = { id: number; timeZone: string | null };

async function loadProfile(db: Db, owner: Owner): Promise<ShareProfile> {
  const p = statsParams(owner, { range: "all" });
  const [overview, span] = await Promise.all([
    withStatsCache(db, owner.id, `share-overview|${p.tz}`, () => getOverview(db, p)),
    listenSpan(db, owner.id),
  ]);
  const firstListen = span ? localDateString(p.tz, Date.parse(span.first)) : null;
  return { plays: overview.plays, minutes: overview.minutes, firstListen };
}

async function loadTop(db: Db, owner: Owner, range: ShareTop["range"]): Promise<ShareTop> {
  const p = statsParams(owner, { range });
  const pages = await withStatsCache(db, owner.id, `share-top|${p.tz}|${range}`, () =>
    Promise.all(KINDS.map((kind) => getTop(db, p, { kind, by: "plays", limit: TOP }))),
  );
  return {
    range,
    total: pages[0]?.total ?? { plays: 0, minutes: 0 },
    lists: Object.fromEntries(KINDS.map((k, i) => [k, pages[i]?.items ?? []])) as ShareTop["lists"],
  };
}

function loadRecap(db: Db, owner: Owner, year: number): Promise<Recap> {
  const p = statsParams(owner, {});
  // The recap page's own cache key: a shared recap is the same answer the owner sees.
  return withStatsCache(db, owner.id, `recap|${p.tz}|${year}|`, () => getRecap(db, p, { year }));
}
