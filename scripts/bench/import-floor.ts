import postgres from "postgres";
import type { Db } from "@/db/client";
import { applyPoll, fromSpotifyPlayer } from "@/lib/listening";
import { statsParams } from "@/lib/stats/params";
import { getRecent } from "@/lib/stats/recent";
import { getSummary } from "@/lib/stats/summary";
import { getTop } from "@/lib/stats/top";

const COLUMNS =
  "user_id, track_id, source, origin, started_at, ended_at, ms_played, skipped, dedup_key, spotify_played_at, duplicate_of, import_id, extra";

/**
 * Before the floor: its user gets the listens the importing user had before the import (those not
 * imported), so the floor's COPY meets the same rollup rows and index ranges as the import did.
 */
export async function floorStartState(
  url: string,
  p: { fromUserId: number; toUserId: number },
): Promise<void> {
  const setup = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await setup.unsafe(
      `insert into listens (${COLUMNS}) select ${p.toUserId}, ${COLUMNS.split(", ").slice(1).join(", ")}
      from listens where user_id = ${p.fromUserId} and import_id is null`,
    );
    await setup`vacuum analyze listens`; // as before the import (import.ts)
  } finally {
    await setup.end();
  }
}

/**
 * The floor of issue #17: PostgreSQL's own COPY of the import's final rows into `listens` (the same
 * indexes, keys and rollup triggers), for another user (floorStartState) so no key collides. Returns rows
 * and seconds.
 */
export async function copyFloor(
  url: string,
  p: { importId: number; toUserId: number },
): Promise<{ rows: number; sec: number }> {
  // Connections of their own: COPY's sub-protocol never touches the pool the bench's queries use. Reading
  // and writing each get one, because postgres.js (3.4) never runs another query on a connection that has
  // streamed a COPY TO: the COPY FROM after it waited forever ("idle in transaction").
  const reader = postgres(url, { max: 1, onnotice: () => {} });
  const chunks: Buffer[] = [];
  try {
    const out = await reader
      .unsafe(
        `copy (select ${p.toUserId}, ${COLUMNS.split(", ").slice(1).join(", ")} from listens where import_id = ${p.importId}) to stdout`,
      )
      .readable();
    for await (const c of out) chunks.push(c as Buffer);
  } finally {
    await reader.end({ timeout: 1 });
  }
  const rows = chunks.reduce((n, c) => n + c.filter((b) => b === 10).length, 0);
  const writer = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const t = performance.now();
    const into = await writer.unsafe(`copy listens (${COLUMNS}) from stdin`).writable();
    const done = new Promise<void>((resolve, reject) => {
      into.on("finish", resolve);
      into.on("error", reject);
    });
    for (const c of chunks) if (!into.write(c)) await new Promise((r) => into.once("drain", r));
    into.end();
    await done;
    return { rows, sec: (performance.now() - t) / 1000 };
  } finally {
    await writer.end();
  }
}

/**
 * After copyFloor, the one write the import does that a COPY of its final rows does not: each live listen an
 * imported row merged into gains that row's ms_played and reason fields (lib/imports/merge.ts, the case
 * where the live listen stays canonical, the only one in the bench). Applied to the floor user's copies of
 * those live listens (floorStartState), in one statement. Returns seconds and listens updated.
 */
export async function floorMerges(
  url: string,
  p: { importId: number; fromUserId: number; toUserId: number },
): Promise<{ listens: number; sec: number }> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Statistics that know the COPY's rows (untimed; the import's statements plan on its stage's): stale
    // ones planned this update as nested scans that ran for over 20 minutes.
    await db`analyze listens`;
    const t = performance.now();
    const updated = await db`
      update listens l set ms_played = coalesce(d.ms_played, l.ms_played),
        extra = coalesce(l.extra, '{}'::jsonb) || jsonb_build_object('merged', d.extra)
      from listens d join listens o on o.id = d.duplicate_of and o.user_id = ${p.fromUserId}
      where d.user_id = ${p.toUserId} and d.import_id = ${p.importId} and d.duplicate_of is not null
        and o.import_id is null and l.user_id = ${p.toUserId} and l.dedup_key = o.dedup_key`;
    return { listens: updated.count, sec: (performance.now() - t) / 1000 };
  } finally {
    await db.end();
  }
}

/**
 * The dashboard's three main reads (summary, top tracks, recent), uncached, for each user in turn every
 * 100 ms until stopped, in this process: without Redis an import shares this event loop, so the latency
 * includes waiting behind it as well as the database's. Returns per-user latencies in ms.
 */
export function probeDashboard(db: Db, userIds: number[]) {
  const lat = new Map<number, number[]>(userIds.map((u) => [u, []]));
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      for (const userId of userIds) {
        const p = statsParams({ id: userId, timeZone: "UTC" }, { range: "all" });
        const t = performance.now();
        await Promise.all([
          getSummary(db, p),
          getTop(db, p, { kind: "tracks", by: "plays", limit: 10 }),
          getRecent(db, p),
        ]);
        lat.get(userId)?.push(performance.now() - t);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return lat;
  };
}

export const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] ?? 0);
};

/**
 * A live listener during the import: the poll processor's write path (applyPoll with a Spotify player
 * answer, 30-second songs one after another, so listens are written too) every `cadenceMs` on this event
 * loop, the next poll planned when one ends as the jobs do. Returns the gaps between poll starts in ms.
 */
export function probeLivePolls(db: Db, userId: number, cadenceMs: number) {
  const gaps: number[] = [];
  let stop = false;
  let last = 0;
  const started = Date.now();
  const loop = (async () => {
    while (!stop) {
      const now = Date.now();
      if (last) gaps.push(now - last);
      last = now;
      const song = Math.floor((now - started) / 30_000);
      const id = `benchlive${String(song).padStart(13, "0")}`;
      const body = {
        is_playing: true,
        progress_ms: (now - started) % 30_000,
        currently_playing_type: "track",
        device: { id: "bench-phone", name: "Phone", type: "Smartphone", is_private_session: false },
        item: {
          id,
          name: `Live song ${song}`,
          type: "track",
          is_local: false,
          duration_ms: 30_000,
          artists: [{ id: "benchliveartist0000000", name: "Live Artist" }],
          album: { id: "benchlivealbum00000000", name: "Live Album", images: [] },
          external_ids: {},
        },
      };
      await applyPoll(db, {
        userId,
        provider: "spotify",
        snapshot: fromSpotifyPlayer(body, now),
        now: new Date(now),
      });
      await new Promise((r) => setTimeout(r, cadenceMs));
    }
  })();
  return async () => {
    stop = true;
    await loop;
    return gaps;
  };
}
