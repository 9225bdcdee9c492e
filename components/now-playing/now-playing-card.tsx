"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ReconsentNotice } from "@/components/connections/reconsent-notice";
import { useFilters } from "@/components/stats/api";
import { card } from "@/components/ui/styles";
import { useSourceNames } from "./source-names";
import { TrackView } from "./track-view";
import { type NowPlayingData, nowPlayingQuery, type Source, useNowPlayingAll } from "./use-now-playing";

const rank = (s: string | undefined) => (s === "ok" ? 0 : s === "paused" ? 1 : 2);

/**
 * The dashboard's live now-playing card. It follows the page's one source selector (in the URL): a chosen
 * service, or with "All sources" whichever connected service is playing (else paused, else the first).
 * `services` are the connected sources, yandex first (none: only what a player scrobbling to us plays).
 */
export function NowPlayingCard({ services }: { services: Source[] }) {
  const t = useTranslations("nowPlaying");
  const [filters] = useFilters();
  // A service that is not connected still shows its card, with the link to connect it.
  const chosen = (["yandex", "spotify"] as const).find((s) => s === filters.source);
  const sources: Source[] = chosen ? [chosen] : services;
  const queries = useNowPlayingAll(sources);
  let pick = 0;
  queries.forEach((q, i) => {
    if (rank(q.data?.status) < rank(queries[pick]?.data?.status)) pick = i;
  });
  const q = queries[pick];
  const source = sources[pick] ?? "yandex";
  // Answers for a previously selected source never show: the query key carries the source.
  const data = q?.data?.source === source ? q.data : undefined;
  const spotify = queries.find((x) => x.data?.source === "spotify")?.data;
  // With "All sources", a player scrobbling to us shows when no connected service is playing.
  const player = useQuery(nowPlayingQuery("player", !chosen));
  const scrobbled =
    !chosen && data?.status !== "ok" && player.data?.status === "ok" ? player.data : undefined;
  // Without a connected service the card is there only while a player reports what it plays.
  if (!sources.length && !scrobbled) return null;
  return (
    <section
      className={card}
      aria-labelledby="now-playing-title"
      aria-live="polite"
      data-status={data?.status ?? (q?.isError ? "error" : "pending")}
    >
      <h2 id="now-playing-title" className="mb-4 text-xs font-semibold uppercase tracking-widest text-muted">
        {t("heading")}
      </h2>
      {spotify?.connection?.status === "active" && (
        <div className="mb-4 empty:hidden">
          <ReconsentNotice provider="spotify" expiresAt={spotify.connection.consent_expires_at} />
        </div>
      )}
      {scrobbled ? (
        <TrackView
          data={scrobbled}
          source={source}
          receivedAt={player.dataUpdatedAt}
          label={scrobbled.player || t("otherPlayer")}
        />
      ) : (
        <>
          {!data && !q?.isError && <Skeleton />}
          {!data && q?.isError && <p className="text-muted">{t("error")}</p>}
          {data && <Body data={data} source={source} receivedAt={q?.dataUpdatedAt ?? 0} />}
        </>
      )}
    </section>
  );
}

function Body({ data, source, receivedAt }: { data: NowPlayingData; source: Source; receivedAt: number }) {
  const SOURCE_NAMES = useSourceNames();
  const t = useTranslations("nowPlaying");
  const service = SOURCE_NAMES[source];
  if ((data.status === "ok" || data.status === "paused") && data.track) {
    return <TrackView data={data} source={source} receivedAt={receivedAt} />;
  }
  if (data.status === "auth_error") {
    const config = data.reason === "config_error";
    return (
      <div className="space-y-3">
        <p className="text-sm">{t(config ? "configError" : "authError", { service })}</p>
        <a
          href={source === "spotify" ? "/spotify/connect" : "/yandex/connect"}
          className="inline-block rounded-xl border border-line px-4 py-2 text-sm font-medium hover:bg-card-2"
        >
          {t("reconnect", { service })}
        </a>
      </div>
    );
  }
  if (data.status === "not_connected") {
    return (
      <a href={source === "spotify" ? "/spotify/connect" : "/yandex/connect"} className="text-sm underline">
        {t("connect", { service })}
      </a>
    );
  }
  const note =
    data.status === "loading"
      ? data.reason === "rate_limited"
        ? t("rateLimited", { service })
        : t("waiting")
      : t("nothingHint", { service });
  return (
    <div className="flex items-center gap-4">
      <div aria-hidden className="grid h-16 w-16 place-items-center rounded-xl bg-card-2 text-2xl">
        ♪
      </div>
      <div>
        <p className="font-semibold">{t("nothing")}</p>
        <p className="text-sm text-muted">{note}</p>
      </div>
    </div>
  );
}

function Skeleton() {
  return (
    <div className="flex animate-pulse items-center gap-4" aria-hidden>
      <div className="h-28 w-28 rounded-xl bg-card-2 sm:h-36 sm:w-36" />
      <div className="flex-1 space-y-2">
        <div className="h-4 w-2/3 rounded bg-card-2" />
        <div className="h-3 w-1/3 rounded bg-card-2" />
        <div className="mt-4 h-1.5 w-full rounded bg-card-2" />
      </div>
    </div>
  );
}
