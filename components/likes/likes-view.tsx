"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import type { LikedTrack } from "@/lib/stats/likes";
import { useApi, useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { QueryState, SourceDot, TrackLink } from "../stats/ui";

export function LikesView() {
  const t = useTranslations("stats.likes");
  const format = useFormat();
  const [filters, setFilters] = useFilters("all");
  const q = useApi<{ items: LikedTrack[]; total: number; never_played: number }>("/api/likes", {
    source: filters.source,
  });
  const d = q.data;
  return (
    <div className="space-y-4">
      <FilterBar filters={filters} onChange={setFilters} ranges={false} />
      {d && <p className="text-sm text-muted">{t("summary", { total: d.total, never: d.never_played })}</p>}
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={d?.items.length === 0} rows={8}>
        <ul className="space-y-1">
          {d?.items.map((l) => (
            <li key={l.track_id}>
              <TrackLink
                track={l}
                size={40}
                trailing={
                  <span className="flex shrink-0 flex-col items-end gap-1 text-xs text-muted">
                    <span className={l.plays === 0 ? "text-amber-500" : "font-medium text-fg"}>
                      {t("plays", { count: l.plays })}
                    </span>
                    <span className="flex items-center gap-1">
                      {l.providers.map((p) => (
                        <SourceDot key={p} source={p} />
                      ))}
                      {format.date(l.liked_at)}
                    </span>
                  </span>
                }
              />
            </li>
          ))}
        </ul>
      </QueryState>
    </div>
  );
}
