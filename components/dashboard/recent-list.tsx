"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { RecentListen } from "@/lib/stats/recent";
import { type Filters, useApi } from "../stats/api";
import { Cover, Panel, QueryState, SourceDot } from "../stats/ui";

/** Recent History: the latest listens with covers and times; each links to its track page and lyrics. */
export function RecentList({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const format = useFormatter();
  const q = useApi<{ tracks: RecentListen[] }>("/api/stats/recent", { source: filters.source });
  const items = q.data?.tracks.slice(0, 10) ?? [];
  return (
    <Panel
      title={t("recent")}
      actions={
        <Link href="/history" className="text-sm text-accent hover:underline">
          {t("allHistory")}
        </Link>
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={items.length === 0} rows={6}>
        <ul className="space-y-1">
          {items.map((r) => (
            <li key={r.listen_id}>
              <Link
                href={`/track/${r.track_id}`}
                className="flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2"
              >
                <Cover src={r.cover} name={r.title} size={42} />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-bold">{r.title}</span>
                  <span className="block truncate text-xs text-muted">{r.artist}</span>
                </span>
                <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                  <SourceDot source={r.source} />
                  <time dateTime={r.played_at}>{format.relativeTime(new Date(r.played_at))}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </QueryState>
    </Panel>
  );
}
