"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { tapLink } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { RecentListen } from "@/lib/stats/recent";
import { type Filters, useApi } from "../stats/api";
import { Panel, QueryState, SourceDot, TrackLink } from "../stats/ui";

/** Recent History: the latest listens with covers and times; each links to its track page and lyrics. */
export function RecentList({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const format = useFormat();
  const q = useApi<{ tracks: RecentListen[] }>("/api/stats/recent", { source: filters.source });
  const items = q.data?.tracks.slice(0, 10) ?? [];
  return (
    <Panel
      title={t("recent")}
      actions={
        <Link href="/history" className={`${tapLink} text-sm text-accent-ink hover:underline`}>
          {t("allHistory")}
        </Link>
      }
    >
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={items.length === 0} rows={6}>
        <ul className="space-y-1">
          {items.map((r) => (
            <li key={r.listen_id}>
              <TrackLink
                track={r}
                bold
                trailing={
                  <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                    <SourceDot source={r.source} />
                    <time dateTime={r.played_at}>{format.relative(r.played_at, format.now, "short")}</time>
                  </span>
                }
              />
            </li>
          ))}
        </ul>
      </QueryState>
    </Panel>
  );
}
