import { createHash } from "node:crypto";
import { requireSecret } from "@/lib/env";

/**
 * A stable Ynison device id per MusicTrace user and role (B.3): random ids leave ghost devices, and two live
 * sockets with one id displace each other, so the scrobbler ("worker") and the web process ("web") differ.
 */
export function ynisonDeviceId(userId: number, role: string): string {
  const h = createHash("sha256").update(`${requireSecret("TOKEN_ENCRYPTION_KEY")}:ynison:${role}:${userId}`);
  return `mt-${h.digest("hex").slice(0, 14)}`;
}

/** The passive, read-only registration (B.3): never a player, never active, never intercepting. */
export function passiveRegistration(deviceId: string, rid: string) {
  const version = { device_id: deviceId, version: "0", timestamp_ms: "0" };
  return {
    update_full_state: {
      player_state: {
        player_queue: {
          current_playable_index: -1,
          entity_id: "",
          entity_type: "VARIOUS",
          entity_context: "BASED_ON_ENTITY_BY_DEFAULT",
          playable_list: [],
          options: { repeat_mode: "NONE" },
          from_optional: "",
          version,
        },
        status: { progress_ms: "0", duration_ms: "0", paused: true, playback_speed: 1, version },
      },
      device: {
        info: {
          device_id: deviceId,
          title: "MusicTrace",
          type: "WEB",
          app_name: "MusicTrace",
          app_version: "1.0.0",
        },
        capabilities: { can_be_player: false, can_be_remote_controller: false, volume_granularity: 0 },
        volume_info: { volume: 0 },
      },
      is_currently_active: false,
    },
    rid,
    player_action_timestamp_ms: "0",
    activity_interception_type: "DO_NOT_INTERCEPT_BY_DEFAULT",
  };
}
