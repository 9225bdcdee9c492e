/**
 * Ynison frames (yandex-music-api.md B.4–B.9) → plain state. Protobuf-JSON rules: snake_case keys (camelCase
 * accepted), int64 as strings (numbers accepted), defaults omitted (missing paused → false, missing
 * current_playable_index → 0, missing progress → 0). Pure functions: no sockets here.
 */

export const SERVER_SENTINEL = "server-paused-on-active-device-disconnecting";

export type YnisonState = {
  trackId: string | null;
  albumId: string | null;
  playableType: string | null;
  title: string | null;
  coverUri: string | null;
  index: number;
  queueLength: number;
  paused: boolean;
  progressMs: number;
  durationMs: number;
  playbackSpeed: number;
  repeat: string;
  statusVersion: string;
  queueVersion: string;
  statusDeviceId: string;
  /** status.version.timestamp_ms, or null when missing/"0" (empty version block). */
  changedAt: number | null;
  /** undefined = the frame did not say (ambiguous, B.7); null = no active device. */
  activeDeviceId: string | null | undefined;
  devices: { id: string; title: string; type: string; offline: boolean }[];
  /** Server time of the frame, for clock-skew correction. */
  serverTimestampMs: number | null;
  receivedAt: number;
  /** The server's "active device disconnected" sentinel: playback stopped. */
  stopped: boolean;
};

export type YnisonError = {
  kind: "auth" | "displaced" | "malformed" | "other";
  code?: string;
  grpcCode?: number;
  httpCode?: number;
  message: string;
  goAwaySeconds?: number;
  backoffMs?: number[];
};

export type ParsedFrame =
  | { type: "state"; state: YnisonState }
  | { type: "error"; error: YnisonError }
  | {
      type: "redirect";
      host: string;
      ticket: string;
      sessionId: string;
      keepAliveSeconds?: number;
      keepAliveTimeoutSeconds?: number;
    }
  | { type: "unknown" };

type Obj = Record<string, unknown>;
const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function get(o: unknown, key: string): unknown {
  if (!o || typeof o !== "object") return undefined;
  const r = o as Obj;
  return key in r ? r[key] : r[camel(key)];
}
function obj(o: unknown, key: string): Obj | undefined {
  const v = get(o, key);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}
/** int64 may be a string or a number; missing means 0. */
function num(o: unknown, key: string, fallback = 0): number {
  const v = get(o, key);
  const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}
function str(o: unknown, key: string): string {
  const v = get(o, key);
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

export function parseFrame(raw: string | unknown, receivedAt = Date.now()): ParsedFrame {
  let f: unknown = raw;
  if (typeof raw === "string") {
    try {
      f = JSON.parse(raw);
    } catch {
      return { type: "unknown" };
    }
  }
  const error = get(f, "error");
  if (error && typeof error === "object") return { type: "error", error: parseError(error as Obj) };
  if (
    get(f, "redirect_ticket") !== undefined ||
    get(f, "host") !== undefined ||
    get(f, "keep_alive_params")
  ) {
    const ka = obj(f, "keep_alive_params");
    return {
      type: "redirect",
      host: str(f, "host"),
      ticket: str(f, "redirect_ticket"),
      sessionId: str(f, "session_id"),
      keepAliveSeconds: ka ? num(ka, "keep_alive_time_seconds") || undefined : undefined,
      keepAliveTimeoutSeconds: ka ? num(ka, "keep_alive_timeout_seconds") || undefined : undefined,
    };
  }
  const ps = obj(f, "player_state");
  if (!ps) return { type: "unknown" };
  return { type: "state", state: parseState(f as Obj, ps, receivedAt) };
}

function parseState(f: Obj, ps: Obj, receivedAt: number): YnisonState {
  const status = obj(ps, "status") ?? {};
  const queue = obj(ps, "player_queue") ?? {};
  const sv = obj(status, "version") ?? {};
  const qv = obj(queue, "version") ?? {};
  const list = (get(queue, "playable_list") as unknown[] | undefined) ?? [];
  const index = num(queue, "current_playable_index", 0);
  const current = index >= 0 && index < list.length ? list[index] : undefined;
  const activeRaw = get(f, "active_device_id_optional");
  const statusDevice = str(sv, "device_id");
  const changedAt = num(sv, "timestamp_ms");
  const devices = ((get(f, "devices") as unknown[] | undefined) ?? []).map((d) => {
    const info = obj(d, "info") ?? {};
    return {
      id: str(info, "device_id"),
      title: str(info, "title"),
      type: str(info, "type") || "UNSPECIFIED",
      offline: get(d, "is_offline") === true,
    };
  });
  const stopped = statusDevice === SERVER_SENTINEL;
  return {
    trackId: current ? str(current, "playable_id") || null : null,
    albumId: current ? str(current, "album_id_optional") || null : null,
    playableType: current ? str(current, "playable_type") || "TRACK" : null,
    title: current ? str(current, "title") || null : null,
    coverUri: current ? str(current, "cover_url_optional") || null : null,
    index,
    queueLength: list.length,
    paused: get(status, "paused") === true,
    progressMs: num(status, "progress_ms"),
    durationMs: num(status, "duration_ms"),
    playbackSpeed: num(status, "playback_speed", 1) || 1,
    repeat: str(obj(queue, "options"), "repeat_mode") || "NONE",
    statusVersion: str(sv, "version") || "0",
    queueVersion: str(qv, "version") || "0",
    statusDeviceId: statusDevice,
    changedAt: changedAt > 0 ? changedAt : null,
    activeDeviceId: stopped ? null : typeof activeRaw === "string" && activeRaw ? activeRaw : undefined,
    devices,
    serverTimestampMs: num(f, "timestamp_ms") || null,
    receivedAt,
    stopped,
  };
}

function parseError(e: Obj): YnisonError {
  const details = obj(e, "details") ?? obj(e, "extra_headers") ?? {};
  const code = str(details, "ynison-error-code") || undefined;
  const grpcCode = num(e, "grpc_code", -1);
  const httpCode = num(e, "http_code", -1);
  const goAway = num(details, "ynison-go-away-for-seconds");
  const backoff = str(details, "ynison-backoff-millis");
  const kind: YnisonError["kind"] =
    grpcCode === 16 || httpCode === 401 || httpCode === 403 || code === "400160000"
      ? "auth"
      : code === "400090001"
        ? "displaced"
        : grpcCode === 3 || code === "400030002"
          ? "malformed"
          : "other";
  return {
    kind,
    code,
    grpcCode: grpcCode >= 0 ? grpcCode : undefined,
    httpCode: httpCode >= 0 ? httpCode : undefined,
    message: str(e, "message"),
    goAwaySeconds: goAway > 0 ? goAway : undefined,
    backoffMs: backoff ? backoff.split(":").map(Number).filter(Number.isFinite) : undefined,
  };
}

/** A later frame that changes nothing (identical re-push, B.6 step 5). */
export function isDuplicate(prev: YnisonState | undefined, next: YnisonState): boolean {
  return Boolean(
    prev &&
      prev.statusVersion === next.statusVersion &&
      prev.queueVersion === next.queueVersion &&
      prev.statusVersion !== "0",
  );
}

/**
 * Folds a new frame into what we knew: an omitted active device keeps the previous one (except after the
 * sentinel); the web-player quirk (always `paused: true` from a device not in `devices[]`) is read as
 * playing when the position moved on between versions of the same track.
 */
export function mergeState(prev: YnisonState | undefined, next: YnisonState): YnisonState {
  const merged = { ...next };
  if (next.activeDeviceId === undefined && prev && !next.stopped) merged.activeDeviceId = prev.activeDeviceId;
  const unlisted = next.statusDeviceId !== "" && !next.devices.some((d) => d.id === next.statusDeviceId);
  if (
    prev &&
    next.paused &&
    unlisted &&
    !next.stopped &&
    prev.trackId === next.trackId &&
    prev.statusVersion !== next.statusVersion &&
    next.progressMs > prev.progressMs
  ) {
    merged.paused = false;
  }
  return merged;
}

/**
 * When the status's `progress_ms` held, on our clock: the version timestamp corrected for the server's
 * clock skew, or the frame's receipt when the version block is empty (B.6 step 3, B.7).
 */
export function statusAt(s: YnisonState): number {
  return s.changedAt ? s.changedAt - clockSkew(s) : s.receivedAt;
}

/**
 * The position at `now` (B.6 step 3), clamped to the duration: `progress_ms` plus the time since the status
 * changed when playing. Ynison pushes only on change, so this extrapolation is the position between frames;
 * it is computed here only (the listening rules and now-playing both read it).
 */
export function positionAt(s: YnisonState, now = Date.now()): number {
  if (s.paused || s.stopped) return clamp(s.progressMs, s.durationMs);
  return clamp(s.progressMs + Math.max(0, now - statusAt(s)) * s.playbackSpeed, s.durationMs);
}

/** When the extrapolated position reaches the end of the track (our clock), or null (paused, no duration). */
export function endsAt(s: YnisonState): number | null {
  if (s.paused || s.stopped || s.durationMs <= 0) return null;
  return statusAt(s) + Math.max(0, s.durationMs - s.progressMs) / s.playbackSpeed;
}

/** Playing = not paused and not stale: a "playing" state whose track should have ended long ago is old. */
export function isPlayingNow(s: YnisonState, now = Date.now()): boolean {
  if (s.paused || s.stopped || !s.trackId) return false;
  const end = s.changedAt ? endsAt(s) : null;
  return end == null || now <= end + 60_000;
}

/** Server clock minus ours, from the frame's server timestamp. */
export function clockSkew(s: YnisonState): number {
  return s.serverTimestampMs ? s.serverTimestampMs - s.receivedAt : 0;
}

function clamp(v: number, duration: number): number {
  const low = Math.max(0, v);
  return duration > 0 ? Math.min(low, duration) : low;
}
