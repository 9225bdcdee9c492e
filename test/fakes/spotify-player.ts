/** The fake Spotify player timeline and the /me/* read endpoints built from it (spotify-api.md §4.2–4.7). */

import { json, type Reply } from "./server";
import { Catalogue, type Profile, API as PUBLIC_API } from "./spotify-data";
import { apiError } from "./spotify-oauth";

export type FakeDevice = { id: string | null; name: string; type: string; privateSession?: boolean };

export type PlayerScript = {
  /** What plays: a catalogue track (default), an advert, a podcast episode, a local file, or unknown content. */
  type?: "track" | "ad" | "episode" | "local" | "unknown";
  trackId?: string;
  isPlaying?: boolean;
  progressMs?: number;
  device?: FakeDevice;
  repeat?: "off" | "track" | "context";
  shuffle?: boolean;
  /** Track ids that follow `trackId` when it ends (cycled with repeat "context"). */
  queue?: string[];
  /** End-of-track inconsistency (spotify/web-api #1245): report progress 0 with this is_playing. */
  endQuirk?: { isPlaying: boolean };
};

export type PlayerState = Required<
  Pick<PlayerScript, "type" | "isPlaying" | "progressMs" | "repeat" | "shuffle">
> &
  PlayerScript & {
    device: FakeDevice;
    setAt: number;
    /** The queue ran out and this last track's play was recorded at its end (record it once only). */
    endRecorded?: boolean;
  };

export type User = {
  id: string;
  displayName: string;
  accountId: string;
  allowListed: boolean;
  scopes?: string[];
  player: PlayerState | null;
  saved: { trackId: string; addedAt: number }[];
  plays: { trackId: string; playedAt: number }[];
  refreshMode: "rotate" | "omit";
  /** recently-played realism: plays appear only `lagMs` after they end; played_at jitters by ±jitterMs. */
  recent?: { lagMs?: number; jitterMs?: number };
};

/** Records a play (played_at = end of play), newest first, only the last 50 kept (§4.4). */
export function addPlay(u: User, trackId: string, playedAt: number): void {
  u.plays.push({ trackId, playedAt });
  u.plays.sort((a, b) => b.playedAt - a.playedAt);
  u.plays.splice(50);
}

export class SpotifyPlayerApi {
  constructor(
    private catalogue: Catalogue,
    private profile: () => Profile,
  ) {}

  advance(u: User): void {
    const p = u.player;
    if (!p?.isPlaying || p.type !== "track" || !p.trackId) return;
    const now = Date.now();
    for (let guard = 0; guard < 1000; guard++) {
      const dur = this.catalogue.tracks.get(p.trackId)?.durationMs ?? 0;
      const end = p.setAt + (dur - p.progressMs);
      if (dur <= 0 || end > now) return;
      this.recordIfHeard(u, { ...p, progressMs: dur, isPlaying: false }, end);
      const next = this.nextTrack(p);
      if (!next) {
        Object.assign(p, { isPlaying: false, progressMs: dur, setAt: end, endRecorded: true });
        return;
      }
      Object.assign(p, next, { progressMs: 0, setAt: end });
    }
  }

  nextTrack(p: PlayerState): { trackId: string; queue: string[] } | undefined {
    if (p.repeat === "track" && p.trackId) return { trackId: p.trackId, queue: p.queue ?? [] };
    const [head, ...rest] = p.queue ?? [];
    if (!head) return undefined;
    return { trackId: head, queue: p.repeat === "context" && p.trackId ? [...rest, p.trackId] : rest };
  }

  recordIfHeard(u: User, p: PlayerState, at: number): void {
    if (p.type !== "track" || !p.trackId || p.device.privateSession) return;
    const jitter = u.recent?.jitterMs ? Math.round((Math.random() * 2 - 1) * u.recent.jitterMs) : 0;
    if (this.progress(p, at) >= 30_000) addPlay(u, p.trackId, at + jitter);
  }

  progress(p: PlayerState, at = Date.now()): number {
    const dur = p.trackId ? (this.catalogue.tracks.get(p.trackId)?.durationMs ?? 0) : 0;
    const moved = p.isPlaying ? p.progressMs + (at - p.setAt) : p.progressMs;
    return dur > 0 ? Math.min(moved, dur) : moved;
  }

  player(user: User, q: URLSearchParams, full: boolean): Reply {
    this.advance(user);
    const p = user.player;
    if (!p) return { status: 204 };
    const episodes = (q.get("additional_types") ?? "").includes("episode");
    let item: unknown = null;
    if (p.type === "track" && p.trackId) item = this.catalogue.track(p.trackId, this.profile()) ?? null;
    if (p.type === "local") item = Catalogue.localTrack("Local Artist", "Local Album", "Local Song", 200_000);
    if (p.type === "episode" && episodes) item = Catalogue.episode(p.trackId ?? "1EpsAAAAAAAAAAAAAAAAA1");
    const kind = p.type === "local" ? "track" : p.type;
    const body: Record<string, unknown> = {
      timestamp: Date.now(),
      context: null,
      progress_ms: p.endQuirk ? 0 : this.progress(p),
      is_playing: p.endQuirk ? p.endQuirk.isPlaying : p.isPlaying,
      item,
      currently_playing_type: kind,
      actions: { disallows: { resuming: p.isPlaying } },
    };
    if (full) {
      Object.assign(body, {
        device: {
          id: p.device.id,
          is_active: true,
          is_private_session: p.device.privateSession ?? false,
          is_restricted: p.device.id === null,
          name: p.device.name,
          type: p.device.type,
          volume_percent: 55,
          supports_volume: true,
        },
        repeat_state: p.repeat,
        shuffle_state: p.shuffle,
        smart_shuffle: false,
      });
    }
    return json(200, body);
  }

  recent(user: User, q: URLSearchParams): Reply {
    this.advance(user);
    const limit = Number(q.get("limit") ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(400, "Invalid limit");
    const after = q.get("after");
    const before = q.get("before");
    if (after !== null && before !== null) return apiError(400, "Only one of after and before may be given");
    const visibleBefore = Date.now() - (user.recent?.lagMs ?? 0);
    const matching = user.plays.filter(
      (p) =>
        p.playedAt <= visibleBefore &&
        (after === null || p.playedAt > Number(after)) &&
        (before === null || p.playedAt < Number(before)),
    );
    const items = matching.slice(0, limit);
    const first = items[0];
    const last = items[items.length - 1];
    const self = `${PUBLIC_API}/me/player/recently-played`;
    return json(200, {
      href: `${self}?${q.toString()}`,
      limit,
      next: last && matching.length > items.length ? `${self}?before=${last.playedAt}&limit=${limit}` : null,
      cursors: first && last ? { after: String(first.playedAt), before: String(last.playedAt) } : null,
      items: items.map((p) => ({
        track: this.catalogue.track(p.trackId, this.profile()),
        played_at: new Date(p.playedAt).toISOString(),
        context: null,
      })),
    });
  }

  saved(user: User, q: URLSearchParams): Reply {
    const limit = Number(q.get("limit") ?? 20);
    const offset = Number(q.get("offset") ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(400, "Invalid limit");
    const page = user.saved.slice(offset, offset + limit);
    const href = (o: number) => `${PUBLIC_API}/me/tracks?offset=${o}&limit=${limit}`;
    return json(200, {
      href: href(offset),
      limit,
      offset,
      total: user.saved.length,
      next: offset + limit < user.saved.length ? href(offset + limit) : null,
      previous: offset > 0 ? href(Math.max(0, offset - limit)) : null,
      items: page.map((s) => ({
        added_at: `${new Date(s.addedAt).toISOString().slice(0, 19)}Z`,
        track: this.catalogue.track(s.trackId, this.profile()),
      })),
    });
  }

  contains(user: User, q: URLSearchParams): Reply {
    const uris = (q.get("uris") ?? "").split(",").filter(Boolean);
    if (uris.length === 0 || uris.length > 40) return apiError(400, "Invalid uris");
    const ids: string[] = [];
    for (const uri of uris) {
      const m = /^spotify:(track|album|episode|show|audiobook):([A-Za-z0-9]{22})$/.exec(uri);
      if (!m) return apiError(400, `Invalid uri ${uri}`);
      ids.push(m[1] === "track" ? (m[2] ?? "") : "");
    }
    return json(
      200,
      ids.map((id) => user.saved.some((s) => s.trackId === id)),
    );
  }
}
