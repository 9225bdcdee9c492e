import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiPlayingNow } from "@/db/schema";
import { PLAYING_NOW_MS } from "./write";

export const DEFAULT_ITEMS_PER_GET = 25;
export const MAX_ITEMS_PER_GET = 1000;

type Row = {
  started_at: Date | string;
  created_at: Date | string;
  title: string;
  album: string | null;
  artists: string[] | null;
  duration_ms: number | null;
  extra: Record<string, unknown> | null;
};

const seconds = (d: Date | string) => Math.floor(new Date(d).getTime() / 1000);

/**
 * The user's counted listens in ListenBrainz's shape, newest first: before `maxTs`, or the `count` just
 * after `minTs` (both exclusive, as ListenBrainz has them).
 */
export async function userListens(
  db: Db,
  p: { userId: number; userName: string; count: number; maxTs?: number; minTs?: number },
) {
  const after = p.minTs != null && p.maxTs == null;
  const bound =
    p.maxTs != null
      ? sql`and l.started_at < to_timestamp(${p.maxTs})`
      : p.minTs != null
        ? sql`and l.started_at > to_timestamp(${p.minTs})`
        : sql``;
  const rows = (await db.execute(sql`
    select l.started_at, l.created_at, l.extra, t.title, t.duration_ms, al.title as album,
      (select array_agg(a.name order by ta.position, a.id) from track_artists ta join artists a on a.id = ta.artist_id
        where ta.track_id = t.id) as artists
    from listens l join tracks t on t.id = l.track_id left join albums al on al.id = t.album_id
    where l.user_id = ${p.userId} and l.duplicate_of is null and not l.skipped ${bound}
    order by l.started_at ${after ? sql`asc` : sql`desc`}, l.id ${after ? sql`asc` : sql`desc`}
    limit ${p.count}`)) as unknown as Row[];
  if (after) rows.reverse();
  const [span] = (await db.execute(sql`
    select extract(epoch from max(started_at))::bigint as latest, extract(epoch from min(started_at))::bigint as oldest
    from listens where user_id = ${p.userId} and duplicate_of is null and not skipped`)) as unknown as {
    latest: string | null;
    oldest: string | null;
  }[];
  return {
    payload: {
      count: rows.length,
      user_id: p.userName,
      latest_listen_ts: span?.latest == null ? 0 : Number(span.latest),
      oldest_listen_ts: span?.oldest == null ? 0 : Number(span.oldest),
      listens: rows.map((r) => ({
        listened_at: seconds(r.started_at),
        inserted_at: seconds(r.created_at),
        user_name: p.userName,
        recording_msid: typeof r.extra?.recordingMsid === "string" ? r.extra.recordingMsid : null,
        track_metadata: trackMetadata(r),
      })),
    },
  };
}

function trackMetadata(r: Row) {
  const artists = r.artists ?? [];
  return {
    artist_name: artists.join(", "),
    track_name: r.title,
    ...(r.album && { release_name: r.album }),
    additional_info: {
      ...(artists.length > 1 && { artist_names: artists }),
      ...(r.duration_ms && { duration_ms: r.duration_ms }),
      ...(typeof r.extra?.client === "string" && { submission_client: r.extra.client }),
    },
  };
}

/** What the user's player last reported as playing, while it is fresh. */
export async function playingNow(db: Db, userId: number, now: number) {
  const [row] = await db
    .select({ listen: apiPlayingNow.listen, expiresAt: apiPlayingNow.expiresAt })
    .from(apiPlayingNow)
    .where(and(eq(apiPlayingNow.userId, userId), gt(apiPlayingNow.expiresAt, new Date(now))));
  return row ?? null;
}

export async function userPlayingNow(db: Db, p: { userId: number; userName: string; now: number }) {
  const row = await playingNow(db, p.userId, p.now);
  const listens = row
    ? [{ playing_now: true, user_name: p.userName, track_metadata: row.listen.track_metadata ?? {} }]
    : [];
  return { payload: { count: listens.length, playing_now: true, user_id: p.userName, listens } };
}

/**
 * A player's `playing_now` as a /api/now-playing answer (source null: none of our connected services; `via`
 * says where it came from). The position is estimated from when it was reported, capped at the duration.
 */
export async function scrobbledNowPlaying(db: Db, userId: number, now: number) {
  const row = await playingNow(db, userId, now);
  const meta = row?.listen.track_metadata as Record<string, unknown> | undefined;
  if (!row || !meta) return null;
  const info = (meta.additional_info ?? {}) as Record<string, unknown>;
  const duration =
    typeof info.duration_ms === "number"
      ? info.duration_ms
      : typeof info.duration === "number"
        ? info.duration * 1000
        : null;
  const since = now - (row.expiresAt.getTime() - PLAYING_NOW_MS);
  const progress = Math.max(0, duration ? Math.min(since, duration) : since);
  const artist = String(meta.artist_name ?? "");
  return {
    status: "ok" as const,
    source: null,
    via: "listenbrainz-api",
    player: typeof info.submission_client === "string" ? info.submission_client : null,
    is_playing: true,
    progress_ms: progress,
    track: {
      external_id: "",
      title: String(meta.track_name ?? ""),
      artist,
      artists: [artist],
      cover: "",
      progress_ms: progress,
      duration_ms: duration,
    },
    fetched_at: now,
  };
}
