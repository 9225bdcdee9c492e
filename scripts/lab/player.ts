/**
 * The lab's ground truth: a virtual player that knows what the person really heard. Scenarios act on it
 * (play, pause, seek, skip, hand off…); a provider driver (drivers.ts) mirrors every change into the fake
 * service. Passes are closed here from the player's own timeline, and a pass is a true listen by the emit
 * rule of listening-rules.md §1 — computed from what was played, never from anything the app recorded.
 */

export type LabTrack = {
  key: string;
  title: string;
  durationMs: number;
  kind?: "music" | "ad" | "episode";
};

export type Pass = {
  track: LabTrack;
  startedAt: number;
  endedAt: number;
  listenedMs: number;
  private: boolean;
};

export type PlayerView = {
  track: LabTrack | undefined;
  queue: LabTrack[];
  index: number;
  positionMs: number;
  playing: boolean;
  repeatOne: boolean;
  device: string;
  privateSession: boolean;
  stopped: boolean;
};

const NEAR_START_MS = 12_000;

/** listening-rules.md §1 with the default thresholds. */
export function counts(p: Pass): boolean {
  if (p.private || (p.track.kind ?? "music") !== "music") return false;
  return p.track.durationMs > 30_000 && p.listenedMs >= Math.min(p.track.durationMs / 2, 240_000);
}

export class VirtualPlayer {
  readonly passes: Pass[] = [];
  private queue: LabTrack[] = [];
  private index = -1;
  private positionMs = 0;
  private setAt = Date.now();
  private playing = false;
  private repeatOne = false;
  private device = "lab-phone";
  private privateSession = false;
  private open: Pass | undefined;
  private accruedAt = Date.now();

  view(now = Date.now()): PlayerView {
    this.advance(now);
    return {
      track: this.queue[this.index],
      queue: this.queue,
      index: this.index,
      positionMs: this.position(now),
      playing: this.playing,
      repeatOne: this.repeatOne,
      device: this.device,
      privateSession: this.privateSession,
      stopped: this.index < 0,
    };
  }

  /** Starts `queue[0]` (at `positionMs`); the rest follows as each track ends. */
  play(queue: LabTrack[], opts: { positionMs?: number; paused?: boolean } = {}): void {
    const now = Date.now();
    this.advance(now);
    this.closePass(now);
    this.queue = queue;
    this.index = 0;
    this.start(now, opts.positionMs ?? 0, !opts.paused);
  }

  pause(): void {
    const now = Date.now();
    this.advance(now);
    this.accrue(now);
    this.positionMs = this.position(now);
    this.setAt = now;
    this.playing = false;
  }

  resume(): void {
    const now = Date.now();
    this.advance(now);
    this.accrue(now);
    this.setAt = now;
    this.playing = true;
    this.accruedAt = now;
  }

  /** Seeking earns no time; back to the start of a pass that already counts begins a new pass (§3 E7). */
  seek(positionMs: number): void {
    const now = Date.now();
    this.advance(now);
    this.accrue(now);
    const track = this.queue[this.index];
    if (track && this.open && positionMs <= NEAR_START_MS && counts(this.open)) {
      this.closePass(now);
      this.openPass(track, now, positionMs);
    }
    this.positionMs = positionMs;
    this.setAt = now;
  }

  /** The next track now (a skip). */
  next(): void {
    const now = Date.now();
    this.advance(now);
    this.closePass(now);
    this.index += 1;
    if (this.index >= this.queue.length) this.stop();
    else this.start(now, 0, true);
  }

  stop(): void {
    const now = Date.now();
    this.advance(now);
    this.closePass(now);
    this.queue = [];
    this.index = -1;
    this.playing = false;
  }

  setRepeatOne(on: boolean): void {
    this.advance(Date.now());
    this.repeatOne = on;
  }

  handOff(device: string): void {
    this.advance(Date.now());
    this.device = device;
  }

  setPrivate(on: boolean): void {
    this.advance(Date.now());
    this.privateSession = on;
    if (this.open) this.open.private ||= on;
  }

  /** Plays the timeline forward to `now`: tracks end, repeat or give way to the next, the queue runs out. */
  advance(now = Date.now()): boolean {
    let changed = false;
    for (let guard = 0; guard < 1000 && this.playing; guard++) {
      const track = this.queue[this.index];
      if (!track) return changed;
      const endAt = this.setAt + (track.durationMs - this.positionMs);
      if (endAt > now) return changed;
      changed = true;
      this.accrue(endAt);
      this.closePass(endAt);
      if (!this.repeatOne) this.index += 1;
      const next = this.queue[this.index];
      if (!next) {
        // The queue's end: the last track stands at its end, paused.
        this.index = this.queue.length - 1;
        this.positionMs = track.durationMs;
        this.setAt = endAt;
        this.playing = false;
        return changed;
      }
      this.start(endAt, 0, true);
    }
    return changed;
  }

  private start(at: number, positionMs: number, playing: boolean): void {
    const track = this.queue[this.index];
    this.positionMs = positionMs;
    this.setAt = at;
    this.playing = playing;
    if (track) this.openPass(track, at, positionMs);
  }

  private position(now: number): number {
    const track = this.queue[this.index];
    const moved = this.playing ? this.positionMs + (now - this.setAt) : this.positionMs;
    return track ? Math.min(moved, track.durationMs) : 0;
  }

  private openPass(track: LabTrack, at: number, positionMs: number): void {
    this.open = {
      track,
      startedAt: at - positionMs,
      endedAt: at,
      listenedMs: 0,
      private: this.privateSession,
    };
    this.accruedAt = at;
  }

  private accrue(now: number): void {
    if (this.open && this.playing && now > this.accruedAt) this.open.listenedMs += now - this.accruedAt;
    this.accruedAt = Math.max(this.accruedAt, now);
  }

  private closePass(at: number): void {
    this.accrue(at);
    if (!this.open) return;
    this.open.endedAt = at;
    this.passes.push(this.open);
    this.open = undefined;
  }
}
