"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { tap } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { TopItem } from "@/lib/stats/top";
import { type Filters, useApi } from "../stats/api";
import { SourceBadges } from "../stats/source-badges";
import { Cover, Panel, QueryState } from "../stats/ui";

const KINDS = ["artists", "tracks", "albums", "genres"] as const;
type Kind = (typeof KINDS)[number];

function href(kind: Kind, id: number | string): string | null {
  if (kind === "tracks") return `/track/${id}`;
  if (kind === "artists") return `/artist/${id}`;
  return null;
}

export function TopLists({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.top");
  const format = useFormat();
  const [kind, setKind] = useState<Kind>("artists");
  const [by, setBy] = useState<"plays" | "time">("plays");
  const q = useApi<{ items: TopItem[] }>("/api/stats/top", { ...filters, kind, by, limit: 10 });
  const actions = (
    <div className="flex min-w-0 max-w-full flex-wrap gap-2">
      {/* Wraps instead of scrolling: at 360 px in Russian the last tab (Genres) was off-screen. */}
      <div role="tablist" className="flex max-w-full flex-wrap gap-1 rounded-3xl border border-line p-1">
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            onClick={() => setKind(k)}
            className={`min-h-8 rounded-full px-3 text-sm ${tap} ${kind === k ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`}
          >
            {t(`kinds.${k}`)}
          </button>
        ))}
      </div>
      <button
        type="button"
        onClick={() => setBy(by === "plays" ? "time" : "plays")}
        className={`min-h-8 rounded-full border border-line px-3 text-sm text-muted hover:text-fg ${tap}`}
      >
        {t(by === "plays" ? "byPlays" : "byTime")}
      </button>
    </div>
  );
  return (
    <Panel title={t("title")} actions={actions}>
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={q.data?.items.length === 0} rows={6}>
        <ol className="space-y-1">
          {q.data?.items.map((item, i) => {
            const link = href(kind, item.id);
            const body = (
              <>
                <span className="w-6 shrink-0 text-right text-sm tabular-nums text-muted">{i + 1}</span>
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
              </>
            );
            return (
              <li key={`${kind}-${item.id}`}>
                {link ? (
                  <Link href={link} className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2">
                    {body}
                  </Link>
                ) : (
                  <div className="flex items-center gap-3 p-1.5">{body}</div>
                )}
              </li>
            );
          })}
        </ol>
      </QueryState>
    </Panel>
  );
}
