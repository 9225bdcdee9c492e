"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ProgressBar } from "./progress-bar";
import { useSourceNames } from "./source-names";
import type { NowPlayingData, Source } from "./use-now-playing";

/** Only https covers are shown (provider strings are data, never markup or arbitrary URLs). */
function Cover({ src }: { src: string }) {
  const [broken, setBroken] = useState(false);
  if (!src.startsWith("https://") || broken) {
    return (
      <div
        aria-hidden
        className="grid h-28 w-28 shrink-0 place-items-center rounded-xl bg-card-2 text-4xl sm:h-36 sm:w-36"
      >
        ♪
      </div>
    );
  }
  return (
    // biome-ignore lint/performance/noImgElement: remote provider covers; next/image would proxy them through us
    <img
      src={src}
      alt=""
      width={144}
      height={144}
      referrerPolicy="no-referrer"
      onError={() => setBroken(true)}
      className="h-28 w-28 shrink-0 rounded-xl object-cover shadow-md sm:h-36 sm:w-36"
    />
  );
}

/** `label` replaces the service badge (a player that scrobbles to us rather than a connected service). */
export function TrackView(props: {
  data: NowPlayingData;
  source: Source;
  receivedAt: number;
  label?: string;
}) {
  const SOURCE_NAMES = useSourceNames();
  const t = useTranslations("nowPlaying");
  const { data, source } = props;
  const track = data.track;
  if (!track) return null;
  const playing = data.status === "ok";
  const badge = props.label
    ? "border border-line text-fg"
    : source === "spotify"
      ? "bg-spotify text-black"
      : "bg-yandex text-black";
  return (
    <div className="flex items-center gap-4" data-testid="now-playing-track">
      <Cover src={track.cover} />
      <div className="min-w-0 flex-1">
        <div className="mb-1 flex flex-wrap items-center gap-2 text-xs">
          <span className={`rounded-full px-2 py-0.5 font-semibold ${badge}`}>
            {props.label ?? SOURCE_NAMES[source]}
          </span>
          {!playing && (
            <span className="rounded-full border border-line px-2 py-0.5 text-muted">{t("paused")}</span>
          )}
          {data.device?.name && (
            <span className="truncate text-muted">{t("on", { device: data.device.name })}</span>
          )}
        </div>
        <p className="truncate text-lg font-bold" title={track.title}>
          {track.track_id ? (
            <Link href={`/track/${track.track_id}/lyrics`} className="hover:underline">
              {track.title}
            </Link>
          ) : (
            track.title
          )}
        </p>
        <p className="truncate text-muted" title={track.artist}>
          {track.artist}
        </p>
        <ProgressBar
          progressMs={track.progress_ms}
          durationMs={track.duration_ms}
          playing={playing}
          receivedAt={props.receivedAt}
        />
        {track.track_id && (
          <Link
            href={`/track/${track.track_id}/lyrics`}
            className="mt-2 inline-block text-xs text-muted hover:text-fg"
          >
            ♫ {t("lyrics")}
          </Link>
        )}
      </div>
    </div>
  );
}
