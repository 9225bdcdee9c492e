"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type ReactNode, useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/fetch";
import type { getLyrics } from "@/lib/stats/lyrics";
import { useSourceNames } from "../now-playing/source-names";
import { Panel, QueryState } from "../stats/ui";
import { SyncedLyrics } from "./synced-lyrics";
import { useLivePosition } from "./use-live-position";

type Lyrics = Awaited<ReturnType<typeof getLyrics>>;

const PENDING_TRIES = 6;
const CREDITS: Record<string, string> = { lrclib: "LRCLIB", yandex: "Yandex Music" };
const credit = (source: string) => CREDITS[source] ?? source;

/**
 * Lyrics with their source credited. Synced lines follow the live player when this is the track playing now
 * on a connected service; otherwise the plain text, with a hint that playing it turns on the highlighting.
 */
export function LyricsPanel({ trackId }: { trackId: number }) {
  const SOURCE_NAMES = useSourceNames();
  const t = useTranslations("stats.lyrics");
  const tu = useTranslations("ui.lyrics");
  const [attempts, setAttempts] = useState(0);
  const q = useQuery({
    queryKey: ["/api/tracks/lyrics", trackId],
    queryFn: () => apiFetch<Lyrics>(`/api/tracks/${trackId}/lyrics`),
    // A first view queues the lookup; ask again a few times while it runs.
    refetchInterval: (query) =>
      query.state.data?.status === "pending" && attempts < PENDING_TRIES ? 4_000 : false,
  });
  useEffect(() => {
    if (q.data?.status === "pending") setAttempts((a) => a + 1);
  }, [q.data]);
  const d = q.data;
  const synced = d?.status === "found" ? d.synced : null;
  const live = useLivePosition(trackId, Boolean(synced));
  const status = d?.status === "pending" && attempts >= PENDING_TRIES ? "not_found" : d?.status;

  return (
    <Panel
      title={t("title")}
      actions={
        live ? (
          <span
            className="inline-flex items-center gap-1.5 text-xs font-medium text-accent-ink"
            data-testid="lyrics-live"
          >
            <span
              aria-hidden
              className={`h-2 w-2 rounded-full bg-accent ${live.playing ? "animate-pulse" : ""}`}
            />
            {tu(live.playing ? "live" : "paused", { service: SOURCE_NAMES[live.source] })}
          </span>
        ) : d?.source ? (
          <span className="text-xs text-muted">{t("source", { source: credit(d.source) })}</span>
        ) : null
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} rows={6}>
        <div data-lyrics-status={status}>
          {status === "instrumental" && (
            <Notice icon={NOTE} title={tu("instrumental")} hint={tu("instrumentalHint")} />
          )}
          {status === "not_found" && (
            <Notice icon={NO_TEXT} title={tu("notFound")} hint={tu("notFoundHint")} />
          )}
          {status === "pending" && <p className="animate-pulse text-muted">{t("pending")}</p>}
          {status === "found" && synced && live && (
            <SyncedLyrics lines={synced} positionMs={live.positionMs} />
          )}
          {status === "found" && !(synced && live) && (
            <>
              {synced && <p className="mb-3 text-sm text-muted">{tu("followHint")}</p>}
              <pre className="whitespace-pre-wrap font-sans leading-relaxed">{d?.plain}</pre>
            </>
          )}
          {live && d?.source && (
            <p className="mt-3 text-xs text-muted">{t("source", { source: credit(d.source) })}</p>
          )}
          {status === "found" && d?.credits && (
            <p className="mt-3 text-xs text-muted" data-testid="lyrics-credits">
              {[
                d.credits.writers?.length && tu("writers", { names: d.credits.writers.join(", ") }),
                d.credits.provider && tu("licensedBy", { provider: d.credits.provider }),
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          )}
        </div>
      </QueryState>
    </Panel>
  );
}

// Inline SVG, not emoji: a phone or server without an emoji font would show empty boxes.
const svg = {
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.8,
  className: "h-6 w-6",
};
const NOTE = (
  <svg {...svg} aria-hidden="true">
    <path d="M9 18V5l11-2v13" strokeLinecap="round" strokeLinejoin="round" />
    <circle cx="6" cy="18" r="3" />
    <circle cx="17" cy="16" r="3" />
  </svg>
);
const NO_TEXT = (
  <svg {...svg} aria-hidden="true">
    <path d="M4 6h12M4 10h9M4 14h6" strokeLinecap="round" />
    <circle cx="16.5" cy="16.5" r="3.5" />
    <path d="m19 19 2.5 2.5" strokeLinecap="round" />
  </svg>
);

function Notice({ icon, title, hint }: { icon: ReactNode; title: string; hint: string }) {
  return (
    <div className="flex items-start gap-3 rounded-xl bg-card-2 p-4">
      <span className="shrink-0 text-accent-ink">{icon}</span>
      <div>
        <p className="font-semibold">{title}</p>
        <p className="text-sm text-muted">{hint}</p>
      </div>
    </div>
  );
}
