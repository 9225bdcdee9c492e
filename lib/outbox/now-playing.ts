/**
 * Now-playing goes to every active target at once, best effort: it is stale in minutes, so a failure is
 * logged and forgotten, never retried or queued.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outboxTargets } from "@/db/schema";
import type { TrackInput } from "@/lib/catalog/upsert";
import { decrypt } from "@/lib/crypto";
import { log } from "@/lib/log";
import { updateNowPlaying } from "./lastfm";
import { submitListens } from "./listenbrainz";

export type NowPlaying = {
  artists: string[];
  title: string;
  album?: string | null;
  durationMs?: number | null;
};

export async function forwardNowPlaying(db: Db, userId: number, np: NowPlaying): Promise<void> {
  const targets = await db
    .select()
    .from(outboxTargets)
    .where(and(eq(outboxTargets.userId, userId), eq(outboxTargets.status, "active")));
  const artist = np.artists.join(", ");
  if (!targets.length || !artist || !np.title) return;
  await Promise.all(
    targets.map(async (t) => {
      try {
        const secret = decrypt(t.secretEnc);
        if (t.kind === "listenbrainz") {
          const meta = {
            artist_name: artist,
            track_name: np.title,
            ...(np.album ? { release_name: np.album } : {}),
            additional_info: {
              submission_client: "MusicTrace",
              ...(np.durationMs ? { duration_ms: np.durationMs } : {}),
            },
          };
          await submitListens(secret, "playing_now", [{ track_metadata: meta }]);
        } else {
          await updateNowPlaying(secret, {
            artist: np.artists[0] ?? artist,
            track: np.title,
            ...(np.album ? { album: np.album } : {}),
            ...(np.durationMs ? { durationS: Math.round(np.durationMs / 1000) } : {}),
          });
        }
      } catch (err) {
        log.info("now-playing not forwarded", {
          targetId: t.id,
          err: err instanceof Error ? err.message : String(err),
        });
      }
    }),
  );
}

/** A ListenBrainz `playing_now` listen (already validated) as what the targets are told. */
export function nowPlayingOf(listen: Record<string, unknown>): NowPlaying {
  const meta = (listen.track_metadata ?? {}) as Record<string, unknown>;
  const info = (meta.additional_info ?? {}) as Record<string, unknown>;
  return {
    artists: [String(meta.artist_name ?? "")],
    title: String(meta.track_name ?? ""),
    album: typeof meta.release_name === "string" ? meta.release_name : null,
    durationMs: typeof info.duration_ms === "number" ? info.duration_ms : null,
  };
}

// The last track told to the targets per user, in this process: a poll every few seconds must not resend
// it. Another worker may tell it once more, which the targets simply overwrite.
const told = new Map<number, string>();
const TOLD_MAX = 50_000;

/** Called after every poll: a newly playing track goes to the user's targets as now-playing. */
export function notePlaying(
  db: Db,
  userId: number,
  playing: { trackKey: string; status: string; track?: TrackInput | null } | null,
): void {
  if (playing?.status !== "playing" || !playing.track) return;
  if (told.get(userId) === playing.trackKey) return;
  if (told.size >= TOLD_MAX) told.clear();
  told.set(userId, playing.trackKey);
  const t = playing.track;
  void forwardNowPlaying(db, userId, {
    artists: t.artists.map((a) => a.name),
    title: t.title,
    album: t.album?.title ?? null,
    durationMs: t.durationMs ?? null,
  }).catch(() => {});
}
