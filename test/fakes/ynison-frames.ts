/**
 * What the fake Ynison sends: state frames encoded like protobuf JSON (snake_case, int64 as strings, defaults
 * omitted) and the error frames the real service uses. The socket handling and scripting live in ynison.ts.
 */
import { randomBytes } from "node:crypto";

export type YnisonPlayable = {
  id: string;
  albumId?: string;
  type?: "TRACK" | "LOCAL_TRACK" | "INFINITE" | "VIDEO_CLIP";
  title?: string;
  cover?: string;
  /** Not sent (Ynison queue items carry no duration): the faithful player's length of this item. */
  durationMs?: number;
};

export type YnisonScript = {
  queue: YnisonPlayable[];
  /** −1 for an empty queue. */
  index: number;
  progressMs?: number;
  durationMs?: number;
  paused?: boolean;
  playbackSpeed?: number;
  repeat?: "NONE" | "ONE" | "ALL";
  entityType?: string;
  entityId?: string;
  /** Who made the change (status.version.device_id); defaults to the active device. */
  byDevice?: string;
  /** status.version.timestamp_ms; defaults to now (set in the past for a stale first frame). */
  changedAt?: number;
  activeDeviceId?: string | null;
  devices?: { id: string; title: string; type?: string; offline?: boolean }[];
};

/** The state frame exactly as Yandex encodes it: defaults omitted, int64 as strings. */
export function stateFrame(
  script: YnisonScript | null,
  versions: { status: number; queue: number },
): Record<string, unknown> {
  const s = script ?? { queue: [], index: -1, paused: true, activeDeviceId: null, devices: [] };
  const devices = s.devices ?? [{ id: "phone-7c1e", title: "Pixel", type: "ANDROID" }];
  const active = s.activeDeviceId === undefined ? devices[0]?.id : s.activeDeviceId;
  const by = s.byDevice ?? active ?? "";
  const at = String(s.changedAt ?? Date.now());
  const status: Record<string, unknown> = omitDefaults({
    progress_ms: String(s.progressMs ?? 0),
    duration_ms: String(s.durationMs ?? 0),
    paused: s.paused ?? false,
    playback_speed: s.playbackSpeed ?? 1,
    version: { device_id: by, version: String(8234923749823000 + versions.status), timestamp_ms: at },
  });
  const queue = omitDefaults({
    current_playable_index: s.index,
    entity_id: s.entityId ?? "",
    entity_type: s.entityType ?? "VARIOUS",
    entity_context: "BASED_ON_ENTITY_BY_DEFAULT",
    playable_list: s.queue.map((p) =>
      omitDefaults({
        playable_id: p.id,
        album_id_optional: p.albumId ?? "",
        playable_type: p.type ?? "TRACK",
        from: "mobile-album",
        title: p.title ?? "",
        cover_url_optional: p.cover ?? "",
      }),
    ),
    options: { repeat_mode: s.repeat ?? "NONE" },
    version: { device_id: by, version: String(500 + versions.queue), timestamp_ms: at },
  });
  return omitDefaults({
    player_state: { status, player_queue: queue },
    devices: devices.map((d) =>
      omitDefaults({
        info: {
          device_id: d.id,
          title: d.title,
          type: d.type ?? "ANDROID",
          app_name: "Yandex Music",
          app_version: "2026.08.3",
        },
        capabilities: { can_be_player: true, can_be_remote_controller: true, volume_granularity: 16 },
        session: { id: "5123" },
        is_offline: d.offline ?? false,
        volume_info: { volume: 0.7 },
      }),
    ),
    active_device_id_optional: active ?? "",
    timestamp_ms: String(Date.now()),
    rid: randomBytes(8).toString("hex"),
  });
}

/** Proto3 JSON omits false, 0, "0", "" and empty lists. */
function omitDefaults<T extends Record<string, unknown>>(obj: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).filter(
      ([, v]) => v !== false && v !== 0 && v !== "0" && v !== "" && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

const KEEP_ALIVE = { keep_alive_time_seconds: 30, keep_alive_timeout_seconds: 10 };

/** The redirector's answer: where the state service is and the one-use ticket for it. */
export function redirectFrame(host: string, ticket: string, sessionId: string) {
  return { host, redirect_ticket: ticket, session_id: sessionId, keep_alive_params: KEEP_ALIVE };
}

/** The redirector's answer with no host (an account it will not place). */
export function noHostFrame() {
  return { keep_alive_params: KEEP_ALIVE };
}

export function parseProtocols(header: string | undefined): Record<string, string> | undefined {
  const parts = (header ?? "").split(",").map((s) => s.trim());
  if (parts[0] !== "Bearer" || parts[1] !== "v2" || !parts[2]) return undefined;
  try {
    const meta = JSON.parse(decodeURIComponent(parts[2])) as Record<string, string>;
    JSON.parse(meta["Ynison-Device-Info"] ?? ""); // double-encoded: must itself be JSON
    return meta;
  } catch {
    return undefined;
  }
}

export function unauthenticated() {
  return {
    grpc_code: 16,
    http_code: 401,
    http_status: "Unauthorized",
    message: "UNAUTHENTICATED: bad token",
    details: { "ynison-error-code": "400160000" },
  };
}

export function displaced() {
  return {
    grpc_code: 9,
    http_code: 400,
    http_status: "Bad Request",
    message: "Current device has been dislocated by newly connected device with the same deviceId",
    details: {
      "ynison-error-code": "400090001",
      "ynison-go-away-for-seconds": "3600",
      "ynison-backoff-millis": "0:1000:5000:30000",
    },
  };
}

export function malformed() {
  return {
    grpc_code: 3,
    http_code: 400,
    message: "Unknown update request 'PARAMETERS_NOT_SET'",
    details: { "ynison-error-code": "400030002" },
  };
}

export function goAway(seconds: number, code: string) {
  return {
    grpc_code: 9,
    http_code: 400,
    http_status: "Bad Request",
    message: "Go away",
    details: { "ynison-error-code": code, "ynison-go-away-for-seconds": String(seconds) },
  };
}

export function invalidJson() {
  return { grpc_code: 2, http_code: 500, message: "invalid JSON" };
}
