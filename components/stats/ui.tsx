"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { card } from "@/components/ui/styles";
import { useSourceName } from "../now-playing/source-names";
import { safeImage } from "./api";

export function Skeleton({ className = "h-6 w-full" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-lg bg-card-2 ${className}`} />;
}

export function Panel({
  title,
  actions,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    // min-w-0: inside a grid, a chart or a long title must not widen the column past a phone's screen.
    <section className={`${card} min-w-0`}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>
        {actions && <div className="min-w-0 max-w-full">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** Loading, error and empty states in one place, so every widget behaves alike. */
export function QueryState({
  isPending,
  isError,
  isEmpty,
  rows = 3,
  children,
}: {
  isPending: boolean;
  isError: boolean;
  isEmpty?: boolean;
  rows?: number;
  children: ReactNode;
}) {
  const t = useTranslations("stats.common");
  if (isPending) {
    return (
      <div className="space-y-2" role="status" aria-label={t("loading")}>
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} className="h-8 w-full" />
        ))}
      </div>
    );
  }
  if (isError) return <p className="text-sm text-red-500">{t("error")}</p>;
  if (isEmpty) return <p className="text-sm text-muted">{t("empty")}</p>;
  return <>{children}</>;
}

function hue(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/**
 * A cover image, or a coloured tile with the initial when there is none or it fails to load (a provider CDN
 * link that expired), never a broken-image icon and no third-party placeholder.
 */
export function Cover({ src, name, size = 42 }: { src?: string | null; name: string; size?: number }) {
  const url = safeImage(src);
  const [failed, setFailed] = useState<string | null>(null);
  const style = { width: size, height: size };
  if (url && failed !== url) {
    return (
      // biome-ignore lint/performance/noImgElement: provider CDNs, no Next image optimiser round trip
      <img
        src={url}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        onError={() => setFailed(url)}
        className="shrink-0 rounded-md object-cover"
        style={style}
      />
    );
  }
  const h = hue(name);
  return (
    <div
      aria-hidden
      className="flex shrink-0 items-center justify-center rounded-md font-bold text-white"
      style={{
        ...style,
        background: `linear-gradient(135deg, hsl(${h} 70% 45%), hsl(${(h + 50) % 360} 70% 35%))`,
        fontSize: size / 2.6,
      }}
    >
      {name.trim().charAt(0).toUpperCase() || "♪"}
    </div>
  );
}

export function SourceDot({ source }: { source: string }) {
  const name = useSourceName()(source);
  const color = source === "spotify" ? "bg-spotify" : source === "yandex" ? "bg-yandex" : "bg-muted";
  return (
    <span
      role="img"
      aria-label={name}
      title={name}
      className={`inline-block h-2 w-2 shrink-0 rounded-full ${color}`}
    />
  );
}

/** A track as a list row linking to its page: cover, title, artist, extra lines under them and a trailing slot. */
export function TrackLink({
  track,
  size = 42,
  bold = false,
  below,
  trailing,
}: {
  track: { track_id: number; title: string; artist: string; cover: string | null };
  size?: number;
  bold?: boolean;
  below?: ReactNode;
  trailing?: ReactNode;
}) {
  return (
    <Link
      href={`/track/${track.track_id}`}
      className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
    >
      <Cover src={track.cover} name={track.title} size={size} />
      <span className="min-w-0 flex-1" translate="no">
        <span className={`block truncate ${bold ? "font-bold" : "font-medium"}`}>{track.title}</span>
        <span className="block truncate text-xs text-muted">{track.artist}</span>
        {below}
      </span>
      {trailing}
    </Link>
  );
}
