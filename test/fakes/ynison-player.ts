/**
 * The service-faithful Ynison player of one account (reference/yandex-music-api.md B.2, B.4, B.7): the state
 * the server holds and pushes. Written from the contract, not from our client:
 *
 * - A frame goes out only when something changes — a track change (including the silent end of a track: the
 *   next frame shows the next index at 0), pause, resume, seek, repeat mode, the queue — and nothing in
 *   between: no periodic re-pushes.
 * - `progress_ms` is the position at `status.version.timestamp_ms` (the moment of the change); clients
 *   extrapolate. The queue item index is kept across pause, seek and repeat.
 * - `repeat_mode: ONE` replays the same index from 0 (a status change, same queue version); `ALL` wraps to the
 *   first item; without repeat the queue's last track ends paused at `progress_ms = duration_ms`, after which
 *   nothing follows.
 * - A queue can be loaded paused before anything plays; a stale state (a session whose device went away long
 *   ago, "playing" with an old timestamp) sits frozen until something real happens.
 */
import type { YnisonPlayable, YnisonScript } from "./ynison-frames";

export type RepeatMode = "NONE" | "ONE" | "ALL";

/** What a change did, for the truth log (the lab and tests compare recorded listens with it). */
export type PlayerEvent = {
  at: number;
  kind:
    | "load"
    | "play"
    | "pause"
    | "seek"
    | "next"
    | "jump"
    | "end"
    | "repeat"
    | "queue-end"
    | "set"
    | "stale";
  index: number;
  trackId: string | null;
  positionMs: number;
  paused: boolean;
};

/** Load a queue: what `load` takes (and faithful `setPlayer` adopts). */
export type LoadScript = Omit<YnisonScript, "progressMs" | "changedAt"> & {
  /** Position now; default 0. */
  progressMs?: number;
  /** Default false (playing). A queue "loaded but paused" before play: `paused: true`. */
  paused?: boolean;
};

type State = YnisonScript & { progressMs: number; changedAt: number; paused: boolean; frozen: boolean };

// Positions within this of the extrapolated one are the same position (a `setPlayer` that restates the
// state is no seek and pushes nothing).
const SAME_POSITION_MS = 1_500;

export class YnisonPlayer {
  private s: State | null = null;
  private timer: NodeJS.Timeout | undefined;
  readonly log: PlayerEvent[] = [];
  /** Bumped on every status change and every queue change (B.6 step 5: frames are told apart by these). */
  statusVersion = 1;
  queueVersion = 1;

  constructor(
    /** Duration of a playable when the queue item does not say (the REST fake's catalogue). */
    private durationOf: (p: YnisonPlayable) => number | undefined,
    /** A frame must go out (the state changed). */
    private onChange: () => void,
  ) {}

  /** The state as the frame encoder wants it (progress at the change, the change's timestamp). */
  script(): YnisonScript | null {
    if (!this.s) return null;
    const { frozen: _f, ...script } = this.s;
    return script;
  }

  /** Where playback truly is now (the lab's truth). */
  now(
    at = Date.now(),
  ): { index: number; trackId: string | null; positionMs: number; paused: boolean } | null {
    const s = this.s;
    if (!s) return null;
    return {
      index: s.index,
      trackId: s.queue[s.index]?.id ?? null,
      positionMs: this.position(at),
      paused: s.paused,
    };
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  load(script: LoadScript | null, kind: PlayerEvent["kind"] = "load"): void {
    if (!script) {
      this.s = null;
      this.statusVersion++;
      this.queueVersion++;
      this.changed("load");
      return;
    }
    const at = Date.now();
    const index = script.index;
    const playable = script.queue[index];
    this.s = {
      ...script,
      progressMs: Math.max(0, script.progressMs ?? 0),
      durationMs: script.durationMs ?? (playable ? this.durationOf(playable) : undefined) ?? 0,
      paused: script.paused ?? false,
      repeat: script.repeat ?? "NONE",
      changedAt: at,
      frozen: false,
    };
    this.statusVersion++;
    this.queueVersion++;
    this.changed(kind);
  }

  /**
   * A session that ended long ago and was never closed: the server still says "playing" from `changedAt`,
   * and nothing advances until a real change (B.7, stale first frame).
   */
  stale(script: YnisonScript & { changedAt: number }): void {
    const playable = script.queue[script.index];
    this.s = {
      ...script,
      progressMs: script.progressMs ?? 0,
      durationMs: script.durationMs ?? (playable ? this.durationOf(playable) : undefined) ?? 0,
      paused: script.paused ?? false,
      frozen: true,
    };
    this.statusVersion++;
    this.queueVersion++;
    this.changed("stale");
  }

  /**
   * `setPlayer` in faithful mode: the player is now in this state. Pushes only what differs from where the
   * player already is (same queue, index, pause state and repeat, and a position within 1.5 s of the
   * extrapolated one, is no change at all).
   */
  adopt(script: YnisonScript): boolean {
    const cur = this.s;
    const pos = script.progressMs ?? 0;
    if (
      cur &&
      !cur.frozen &&
      script.changedAt === undefined &&
      sameQueue(cur.queue, script.queue) &&
      cur.index === script.index &&
      cur.paused === (script.paused ?? false) &&
      cur.repeat === (script.repeat ?? "NONE") &&
      (script.durationMs === undefined || script.durationMs === cur.durationMs) &&
      Math.abs(this.position() - pos) <= SAME_POSITION_MS
    )
      return false;
    if (script.changedAt !== undefined) this.stale({ ...script, changedAt: script.changedAt });
    else this.load({ ...script, progressMs: pos }, "set");
    return true;
  }

  play(): void {
    this.status((s) => {
      s.paused = false;
    }, "play");
  }

  pause(): void {
    this.status((s) => {
      s.paused = true;
    }, "pause");
  }

  seek(positionMs: number): void {
    this.status((s) => {
      s.progressMs = clamp(positionMs, s.durationMs ?? 0);
    }, "seek");
  }

  /** Skip to the next item (or wrap with repeat ALL); past the last item the queue ends paused. */
  next(): void {
    const s = this.s;
    if (!s) return;
    if (s.index + 1 < s.queue.length) this.jump(s.index + 1, "next");
    else if (s.repeat === "ALL" && s.queue.length) this.jump(0, "next");
    else this.endQueue();
  }

  jump(index: number, kind: PlayerEvent["kind"] = "jump"): void {
    const s = this.s;
    if (!s) return;
    const playable = s.queue[index];
    this.queueVersion++;
    this.status((x) => {
      x.index = index;
      x.progressMs = 0;
      x.durationMs = (playable ? this.durationOf(playable) : undefined) ?? 0;
    }, kind);
  }

  setRepeat(mode: RepeatMode): void {
    const s = this.s;
    if (!s) return;
    this.queueVersion++;
    this.status((x) => {
      x.repeat = mode;
    }, "set");
  }

  /** A status change at this moment: position frozen at now, then the change applied. */
  private status(change: (s: State) => void, kind: PlayerEvent["kind"]): void {
    const s = this.s;
    if (!s) return;
    const at = Date.now();
    s.progressMs = this.position(at);
    s.changedAt = at;
    s.frozen = false;
    change(s);
    this.statusVersion++;
    this.changed(kind);
  }

  private position(at = Date.now()): number {
    const s = this.s;
    if (!s) return 0;
    if (s.paused || s.frozen) return clamp(s.progressMs, s.durationMs ?? 0);
    return clamp(s.progressMs + (at - s.changedAt) * (s.playbackSpeed ?? 1), s.durationMs ?? 0);
  }

  private endQueue(): void {
    this.status((s) => {
      s.paused = true;
      s.progressMs = s.durationMs ?? s.progressMs;
    }, "queue-end");
  }

  /** The current track played to its end: repeat it, go on, wrap, or stand paused at the end of the queue. */
  private ended(): void {
    const s = this.s;
    if (!s) return;
    if (s.repeat === "ONE") {
      this.status((x) => {
        x.progressMs = 0;
      }, "repeat");
    } else if (s.index + 1 < s.queue.length) this.jump(s.index + 1, "end");
    else if (s.repeat === "ALL" && s.queue.length) this.jump(0, "end");
    else this.endQueue();
  }

  private changed(kind: PlayerEvent["kind"]): void {
    clearTimeout(this.timer);
    const s = this.s;
    const now = this.now();
    this.log.push({
      at: Date.now(),
      kind,
      index: now?.index ?? -1,
      trackId: now?.trackId ?? null,
      positionMs: now?.positionMs ?? 0,
      paused: now?.paused ?? true,
    });
    if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
    if (s && !s.paused && !s.frozen && (s.durationMs ?? 0) > 0) {
      const remaining = ((s.durationMs ?? 0) - s.progressMs) / (s.playbackSpeed ?? 1);
      this.timer = setTimeout(() => this.ended(), Math.max(0, remaining));
      this.timer.unref?.();
    }
    this.onChange();
  }
}

function clamp(v: number, duration: number): number {
  const low = Math.max(0, v);
  return duration > 0 ? Math.min(low, duration) : low;
}

function sameQueue(a: YnisonPlayable[], b: YnisonPlayable[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]?.id);
}
