"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import type { TopItem, TopKind } from "@/lib/stats/top";
import { SourceBadges } from "./source-badges";
import { Cover } from "./ui";

export function topHref(kind: TopKind, id: number | string): string {
  if (kind === "tracks") return `/track/${id}`;
  if (kind === "artists") return `/artist/${id}`;
  if (kind === "albums") return `/album/${id}`;
  return `/genre/${encodeURIComponent(String(id))}`;
}

/** Rows of a top list (the dashboard's ten and every page of /top/[kind]), numbered from start + 1. */
export function TopRows({
  kind,
  by,
  items,
  start = 0,
}: {
  kind: TopKind;
  by: "plays" | "minutes";
  items: TopItem[];
  start?: number;
}) {
  const t = useTranslations("stats.top");
  const format = useFormat();
  return (
    <ol className="space-y-1">
      {items.map((item, i) => {
        return (
          <li key={`${kind}-${item.id}`}>
            <Link
              href={topHref(kind, item.id)}
              className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
            >
              <span className="w-6 shrink-0 text-right text-sm tabular-nums text-muted">{start + i + 1}</span>
              {kind !== "genres" && <Cover src={item.cover} name={item.name} size={36} />}
              <span className="min-w-0 flex-1" translate="no">
                <span className="block truncate font-medium">{item.name}</span>
                {(item.subtitle || item.sources) && (
                  <span className="flex min-w-0 items-center gap-1.5 text-xs text-muted">
                    <SourceBadges sources={item.sources} />
                    {item.subtitle && <span className="truncate">{item.subtitle}</span>}
                  </span>
                )}
              </span>
              {/* A phone shows the bare count, so "237 прослушиваний" no longer squeezes the name to "Лет…". */}
              <span className="shrink-0 text-right text-xs text-muted">
                <span className="block whitespace-nowrap font-medium text-fg">
                  {by === "plays" ? (
                    <>
                      <span className="sm:hidden">{format.number(item.plays)}</span>
                      <span className="max-sm:hidden">{t("plays", { count: item.plays })}</span>
                    </>
                  ) : (
                    format.minutes(item.minutes)
                  )}
                </span>
                <span className="whitespace-nowrap">{format.percent(item.share)}</span>
              </span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
