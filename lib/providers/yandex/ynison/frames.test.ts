import { describe, expect, it } from "vitest";
import {
  isDuplicate,
  isPlayingNow,
  mergeState,
  parseFrame,
  positionAt,
  SERVER_SENTINEL,
  type YnisonState,
} from "./frames";

const NOW = 1_767_312_000_000;

function frame(
  status: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  queue: Record<string, unknown> = {},
) {
  return {
    player_state: {
      status: {
        duration_ms: "215000",
        version: { device_id: "phone-7c1e", version: "8234923749823749", timestamp_ms: String(NOW) },
        ...status,
      },
      player_queue: {
        entity_type: "ALBUM",
        playable_list: [
          { playable_id: "10000001", album_id_optional: "2000001", playable_type: "TRACK", title: "One" },
          { playable_id: "10000003", album_id_optional: "2000001", playable_type: "TRACK", title: "Song" },
        ],
        version: { device_id: "phone-7c1e", version: "511", timestamp_ms: String(NOW) },
        ...queue,
      },
    },
    devices: [{ info: { device_id: "phone-7c1e", title: "Pixel", type: "ANDROID" } }],
    active_device_id_optional: "phone-7c1e",
    timestamp_ms: String(NOW),
    ...extra,
  };
}

function state(f: unknown, at = NOW): YnisonState {
  const p = parseFrame(JSON.stringify(f), at);
  if (p.type !== "state") throw new Error(`not a state: ${p.type}`);
  return p.state;
}

describe("Ynison frame parsing (B.5)", () => {
  it("reads omitted defaults: paused false, index 0, progress 0", () => {
    const s = state(frame({}));
    expect(s.paused).toBe(false);
    expect(s.index).toBe(0);
    expect(s.trackId).toBe("10000001");
    expect(s.progressMs).toBe(0);
    expect(s.playbackSpeed).toBe(1);
  });

  it("coerces int64 strings and accepts numbers and camelCase", () => {
    const a = state(frame({ progress_ms: "61234" }, {}, { current_playable_index: 1 }));
    expect(a.progressMs).toBe(61234);
    expect(a.durationMs).toBe(215000);
    expect(a.trackId).toBe("10000003");
    const camel = {
      playerState: {
        status: { progressMs: 5000, durationMs: 100000, paused: true },
        playerQueue: { currentPlayableIndex: 0, playableList: [{ playableId: 42, playableType: "TRACK" }] },
      },
    };
    const b = state(camel);
    expect(b.trackId).toBe("42");
    expect(b.progressMs).toBe(5000);
    expect(b.paused).toBe(true);
  });

  it("treats an empty queue (-1) as no track", () => {
    const s = state(frame({}, {}, { current_playable_index: -1, playable_list: undefined }));
    expect(s.trackId).toBeNull();
  });

  it("detects duplicate re-pushes by the two versions", () => {
    const a = state(frame({ progress_ms: "1000" }));
    const b = state(frame({ progress_ms: "1000" }), NOW + 5000);
    const c = state(
      frame({
        progress_ms: "9000",
        version: { device_id: "phone-7c1e", version: "8234923749823750", timestamp_ms: String(NOW + 8000) },
      }),
    );
    expect(isDuplicate(a, b)).toBe(true);
    expect(isDuplicate(a, c)).toBe(false);
  });

  it("extrapolates the position while playing and clamps to the duration", () => {
    const s = state(frame({ progress_ms: "61234" }));
    expect(positionAt(s, NOW + 10_000)).toBe(71234);
    expect(positionAt(s, NOW + 10 * 60_000)).toBe(215000);
    const paused = state(frame({ progress_ms: "61234", paused: true }));
    expect(positionAt(paused, NOW + 10_000)).toBe(61234);
    // An empty version block: the receive time stands in for the missing timestamp.
    const empty = state(
      frame({ progress_ms: "1000", version: { device_id: "", version: "0", timestamp_ms: "0" } }),
      NOW,
    );
    expect(empty.changedAt).toBeNull();
    expect(positionAt(empty, NOW + 2000)).toBe(3000);
  });

  it("does not believe a stale first frame is playing", () => {
    const s = state(
      frame({
        progress_ms: "1000",
        version: { device_id: "phone-7c1e", version: "1", timestamp_ms: String(NOW - 3600_000) },
      }),
    );
    expect(isPlayingNow(s, NOW)).toBe(false);
    expect(isPlayingNow(state(frame({ progress_ms: "1000" })), NOW + 1000)).toBe(true);
  });

  it("reads the web-player quirk (paused:true from an unlisted device) as playing when progress moves", () => {
    const web = (progress: string, version: string) =>
      state(
        frame({
          paused: true,
          progress_ms: progress,
          version: { device_id: "web-xyz", version, timestamp_ms: String(NOW) },
        }),
      );
    const first = mergeState(undefined, web("1000", "1"));
    expect(first.paused).toBe(true);
    const second = mergeState(first, web("6000", "2"));
    expect(second.paused).toBe(false);
    // The same quirk from a listed device is a real pause.
    const listed = mergeState(first, state(frame({ paused: true, progress_ms: "6000" })));
    expect(listed.paused).toBe(true);
  });

  it("keeps the active device when omitted, except after the server sentinel", () => {
    const a = state(frame({}));
    const omitted = state(frame({}, { active_device_id_optional: undefined }));
    expect(omitted.activeDeviceId).toBeUndefined();
    expect(mergeState(a, omitted).activeDeviceId).toBe("phone-7c1e");
    const sentinel = state(
      frame(
        { paused: true, version: { device_id: SERVER_SENTINEL, version: "9", timestamp_ms: String(NOW) } },
        { active_device_id_optional: undefined },
      ),
    );
    const merged = mergeState(a, sentinel);
    expect(merged.stopped).toBe(true);
    expect(merged.activeDeviceId).toBeNull();
  });

  it("parses error frames: go-away, displacement, auth, malformed", () => {
    const displaced = parseFrame(
      JSON.stringify({
        error: {
          grpc_code: 9,
          http_code: 400,
          message: "dislocated",
          details: {
            "ynison-error-code": "400090001",
            "ynison-go-away-for-seconds": "3600",
            "ynison-backoff-millis": "0:1000:5000:30000",
          },
        },
      }),
    );
    expect(displaced).toMatchObject({
      type: "error",
      error: { kind: "displaced", goAwaySeconds: 3600, backoffMs: [0, 1000, 5000, 30000] },
    });
    const auth = parseFrame({
      error: {
        grpc_code: 16,
        message: "UNAUTHENTICATED: x",
        extra_headers: { "ynison-error-code": "400160000" },
      },
    });
    expect(auth).toMatchObject({ type: "error", error: { kind: "auth" } });
    expect(
      parseFrame({ error: { grpc_code: 3, details: { "ynison-error-code": "400030002" } } }),
    ).toMatchObject({
      error: { kind: "malformed" },
    });
    expect(parseFrame("not json")).toEqual({ type: "unknown" });
  });

  it("parses redirect frames with string or number session ids, and ones without a host", () => {
    expect(
      parseFrame({ host: "h:1", redirect_ticket: "t", session_id: 7271829312345678901n.toString() }),
    ).toMatchObject({
      type: "redirect",
      sessionId: "7271829312345678901",
    });
    expect(parseFrame({ keep_alive_params: { keep_alive_time_seconds: 30 } })).toMatchObject({
      type: "redirect",
      host: "",
    });
  });
});
