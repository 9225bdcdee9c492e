"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import type { SyncedLine } from "@/lib/stats/lyrics";
import { getJson, useApi } from "../stats/api";
import { Panel, QueryState } from "../stats/ui";

type Lyrics = {
  status: "found" | "instrumental" | "not_found" | "pending";
  source: string | null;
  plain: string | null;
  synced: SyncedLine[] | null;
};
type NowPlaying = {
  status: string;
  track?: { track_id?: number; progress_ms?: number; duration_ms?: number };
};

/** Where the live player is in this track, extrapolated between polls; null when it is not playing it. */
function useLiveProgress(trackId: number, enabled: boolean): number | null {
  const services = useApi<{ services: string[] }>("/api/user/services", {}, enabled);
  const source = services.data?.services[0];
  const now = useQuery({
    queryKey: ["/api/now-playing", source],
    queryFn: () => getJson<NowPlaying>("/api/now-playing", { source }),
    enabled: enabled && Boolean(source),
    refetchInterval: 5_000,
  });
  const [tick, setTick] = useState(0);
  const playing = now.data?.status === "ok" && now.data.track?.track_id === trackId;
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => setTick((x) => x + 1), 250);
    return () => clearInterval(id);
  }, [playing]);
  if (!playing || now.data?.track?.progress_ms === undefined) return null;
  void tick;
  return now.data.track.progress_ms + (Date.now() - now.dataUpdatedAt);
}

export function LyricsPanel({ trackId }: { trackId: number }) {
  const t = useTranslations("stats.lyrics");
  const [attempts, setAttempts] = useState(0);
  const q = useQuery({
    queryKey: ["/api/tracks/lyrics", trackId],
    queryFn: () => getJson<Lyrics>(`/api/tracks/${trackId}/lyrics`),
    // A first view queues the lookup; ask again a few times while it runs.
    refetchInterval: (query) => (query.state.data?.status === "pending" && attempts < 6 ? 4_000 : false),
  });
  useEffect(() => {
    if (q.data?.status === "pending") setAttempts((a) => a + 1);
  }, [q.data]);
  const synced = q.data?.synced ?? null;
  const progress = useLiveProgress(trackId, Boolean(synced));
  const current = useMemo(() => {
    if (progress === null || !synced) return -1;
    let idx = -1;
    for (let i = 0; i < synced.length; i++) if ((synced[i]?.time_ms ?? 0) <= progress) idx = i;
    return idx;
  }, [progress, synced]);
  const activeRef = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever the highlighted line changes
  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [current]);

  const d = q.data;
  return (
    <Panel
      title={t("title")}
      actions={
        d?.source ? <span className="text-xs text-muted">{t("source", { source: d.source })}</span> : null
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} rows={6}>
        {d?.status === "instrumental" && <p className="text-muted">🎼 {t("instrumental")}</p>}
        {d?.status === "not_found" && <p className="text-muted">{t("notFound")}</p>}
        {d?.status === "pending" && (
          <p className="text-muted">{attempts >= 6 ? t("notFound") : t("pending")}</p>
        )}
        {d?.status === "found" && synced && progress !== null && (
          <ol className="max-h-[60vh] space-y-2 overflow-y-auto text-lg leading-snug" aria-live="off">
            {synced.map((line, i) => (
              <li
                key={`${line.time_ms}:${line.text}`}
                ref={i === current ? activeRef : undefined}
                className={i === current ? "font-bold text-fg" : "text-muted"}
              >
                {line.text || "♪"}
              </li>
            ))}
          </ol>
        )}
        {d?.status === "found" && (progress === null || !synced) && (
          <pre className="whitespace-pre-wrap font-sans leading-relaxed">{d.plain}</pre>
        )}
      </QueryState>
    </Panel>
  );
}
