import type { TrackInput } from "@/lib/catalog/upsert";

export type ListenProvider = "spotify" | "yandex";

/** Content kinds of listening-rules.md §2; only `track` and `local` are music we track. */
export type SnapshotKind = "track" | "local" | "episode" | "ad" | "unknown" | "none";

/** One normalised observation of a player (listening-rules.md §2). All instants are unix ms. */
export type Snapshot = {
  provider: ListenProvider;
  /** Our own receive time, never the provider's `timestamp`. */
  observedAt: number;
  status: "playing" | "paused" | "none";
  /** null when the response names no device (204, sentinel). */
  deviceKey: string | null;
  isPrivate: boolean;
  kind: SnapshotKind;
  trackKey: string | null;
  durationMs: number | null;
  positionMs: number;
  repeatOne: boolean;
  speed: number;
  /** Catalog input for the track, carried in the session so the pass can be written after the player moved on. */
  track: TrackInput | null;
  /** Yandex only: receive time of the Ynison frame this state comes from (one frame may be observed many times). */
  frameAt?: number;
  /** Yandex only: when the extrapolated position reaches the end of the track. */
  endsAt?: number;
  /** Yandex only, when playing: when this play began (the status change), on our clock. */
  playingSince?: number;
  /** Yandex only: since when the socket has been live; every change since then was pushed to us. */
  watchedSince?: number;
};

export type Pass = {
  passNo: number;
  trackKey: string;
  track: TrackInput | null;
  durationMs: number | null;
  startedAt: number;
  status: "playing" | "paused";
  lastPositionMs: number;
  lastObservedAt: number;
  listenedMs: number;
  /** Already written as a counted listen at the long-pause cap (E12): never write it again. */
  emitted: boolean;
  pausedSince: number | null;
  /** First observation of a "playing" position that did not move (E6). */
  frozenSince: number | null;
  frozenCount: number;
  repeatOne: boolean;
  /** First `none` (or absence) seen while playing (E10): one more is needed to finalise. */
  pendingStopAt: number | null;
  frameAt: number | null;
  /** How much of the track had played before we first saw this pass (not credited: we did not watch it). */
  unseenHeadMs?: number;
  /** Yandex: position and credit as of the last real frame, before any extrapolation (for corrections). */
  confirmed: { positionMs: number; listenedMs: number; observedAt: number } | null;
};

/** The persisted state for one (user, provider, device): a JSON document in `playback_sessions.state`. */
export type Session = {
  v: 1;
  sessionId: string;
  deviceKey: string;
  /** Highest pass number used in this session; live dedup keys are (sessionId, passNo). */
  passNo: number;
  pass: Pass | null;
  lastPassEndedAt: number | null;
  lastObservedAt: number;
  /** Yandex: the frame whose extrapolation closed the last pass, so re-reading it opens nothing. */
  closedFrame: { trackKey: string; frameAt: number; pass?: Pass } | null;
};

/** Per (user, provider) bookkeeping, kept in a `playback_sessions` row with device key "*". */
export type ProviderMeta = {
  v: 1;
  /** Last successful observation: the bound for crediting the head of a newly seen pass (E1). */
  lastObservedAt: number | null;
  /** Last observation that showed music playing or paused (drives the idle cadence). */
  lastActivityAt: number | null;
  failingSince: number | null;
  failures: number;
  /** When the next poll was planned; a poll much later than this is a gap that needs reconciliation. */
  nextDueAt: number | null;
};

export type FinaliseReason =
  | "track-change"
  | "repeat"
  | "stop"
  | "superseded"
  | "long-pause"
  | "pause-expiry"
  | "private"
  | "extrapolated-end"
  /** Paused at its very end: the queue ended (docs/listening-rules.md §3.4). */
  | "ended"
  | "gone"
  /** A later Yandex frame proved an extrapolated end wrong: the same key is rewritten with the proven credit. */
  | "corrected";

/**
 * A pass leaving the machine: a counted listen (`counts`) or a skipped pass. Normally each key leaves
 * once; a "corrected" pass re-sends its key with new values, so the writer upserts live keys.
 */
export type FinalisedPass = {
  dedupKey: string;
  provider: ListenProvider;
  sessionId: string;
  passNo: number;
  deviceKey: string;
  trackKey: string;
  track: TrackInput | null;
  durationMs: number | null;
  startedAt: number;
  endedAt: number;
  listenedMs: number;
  counts: boolean;
  completed: boolean;
  reason: FinaliseReason;
  /** The part before our first look (connected or started mid-track); recently-played may judge it. */
  unseenHeadMs?: number;
};

/**
 * One look at a player. Yandex adds the frames pushed since (each a snapshot at its receipt): Ynison pushes
 * only changes, so they are the exact history between two looks.
 */
export type Observation = { snapshot: Snapshot; frames?: Snapshot[] } | { failure: string };

export type StepResult = {
  /** Every session that should exist after the step (unchanged ones included). */
  sessions: Session[];
  /** Device keys whose stored rows must be deleted. */
  removed: string[];
  meta: ProviderMeta;
  passes: FinalisedPass[];
  /** The user's Spotify history should be reconciled (recovered from a gap or errors, §5). */
  needsReconcile: boolean;
  /** The observation was older than or equal to the last one applied (a duplicate poll): nothing changed. */
  ignored: boolean;
};
