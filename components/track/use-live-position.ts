"use client";

import { useEffect, useState } from "react";
import { type Source, useNowPlayingAll } from "../now-playing/use-now-playing";
import { useApi } from "../stats/api";

export type LivePosition = { source: Source; positionMs: number; playing: boolean };

/**
 * Where a connected player is in this track right now, or null when no player has it. Between polls the
 * position is extrapolated from the answer's arrival on our own clock (the server moves cached answers on),
 * a few times a second, and held while paused.
 */
export function useLivePosition(trackId: number, enabled: boolean): LivePosition | null {
  const services = useApi<{ services: Source[] }>("/api/user/services", {}, enabled);
  const queries = useNowPlayingAll(enabled ? (services.data?.services ?? []) : []);
  const hit = queries.find(
    (q) => (q.data?.status === "ok" || q.data?.status === "paused") && q.data.track?.track_id === trackId,
  );
  const data = hit?.data;
  const playing = data?.status === "ok";
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [playing]);
  if (!hit || !data?.track || !data.source) return null;
  const moved = data.track.progress_ms + (playing ? Math.max(0, now - hit.dataUpdatedAt) : 0);
  const end = data.track.duration_ms;
  return { source: data.source, positionMs: end ? Math.min(moved, end) : moved, playing };
}
