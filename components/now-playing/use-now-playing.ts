"use client";

import { useQueries, useQuery } from "@tanstack/react-query";

export type Source = "yandex" | "spotify";

/** The /api/now-playing body (seed-app-contract §2.2 plus the additive fields). */
export type NowPlayingData = {
  status: "ok" | "paused" | "empty" | "loading" | "not_connected" | "auth_error";
  source: Source | null;
  track?: {
    external_id: string;
    title: string;
    artist: string;
    cover: string;
    progress_ms: number;
    duration_ms: number | null;
    track_id?: number;
  };
  fetched_at?: number;
  connection?: { status: string; consent_expires_at?: string };
  is_playing?: boolean;
  device?: { name: string; type: string } | null;
  reason?: string;
  /** A player's report through the ListenBrainz-compatible API: `via` says so, `player` names it. */
  via?: string;
  player?: string | null;
};

class SignedOut extends Error {}

async function fetchNowPlaying(source: Source | "player"): Promise<NowPlayingData> {
  const res = await fetch(`/api/now-playing?source=${source}`, { cache: "no-store" });
  if (res.status === 401) throw new SignedOut();
  if (!res.ok) throw new Error(`now playing: ${res.status}`);
  return (await res.json()) as NowPlayingData;
}

/**
 * Polls now playing for a source: every 5 s while something plays or the player is warming up, every
 * 15 s otherwise. A 401 sends the user to the login page (seed-app-contract §4 fix 13).
 */
export function nowPlayingQuery(source: Source | "player", enabled = true) {
  return {
    queryKey: ["now-playing", source],
    queryFn: () => fetchNowPlaying(source),
    enabled,
    staleTime: 0,
    retry: (n: number, err: Error) => !(err instanceof SignedOut) && n < 2,
    refetchInterval: (q: { state: { data?: NowPlayingData } }) => {
      const s = q.state.data?.status;
      return s === "ok" || s === "loading" ? 5000 : 15_000;
    },
    refetchOnWindowFocus: true,
  };
}

function signInAgain(error: unknown) {
  if (error instanceof SignedOut && typeof window !== "undefined") {
    window.location.href = `/login?next=${encodeURIComponent(window.location.pathname)}`;
  }
}

export function useNowPlaying(source: Source, enabled = true) {
  const query = useQuery(nowPlayingQuery(source, enabled));
  signInAgain(query.error);
  return query;
}

/** Now playing for several sources at once (the track page looks for itself on every connected service). */
export function useNowPlayingAll(sources: Source[]) {
  const queries = useQueries({ queries: sources.map((s) => nowPlayingQuery(s)) });
  for (const q of queries) signInAgain(q.error);
  return queries;
}
