"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { tap } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { ApiResult } from "@/lib/client/fetch";
import type { getCalendar } from "@/lib/stats/calendar";
import type { getHeatmap } from "@/lib/stats/heatmap";
import type { Timeline } from "@/lib/stats/timeline";
import { bucketLabels, timelineLabels } from "../dashboard/activity-chart";
import { useApi, useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { Panel, QueryState } from "../stats/ui";
import { HeatmapGrid } from "./heatmap-grid";
import { SessionsPanel } from "./sessions-panel";
import { StatTiles } from "./stat-tiles";
import { YearCalendar } from "./year-calendar";

type Heatmap = ApiResult<typeof getHeatmap>;
type Calendar = ApiResult<typeof getCalendar>;

export function ActivityView() {
  const t = useTranslations("stats.activity");
  const format = useFormat();
  const [filters, setFilters] = useFilters("all");
  const [year, setYear] = useState<number | undefined>(undefined);
  const heat = useApi<Heatmap>("/api/stats/heatmap", filters);
  const timeline = useApi<Timeline>("/api/stats/timeline", filters);
  const cal = useApi<Calendar>("/api/stats/calendar", { source: filters.source, year });
  const weekdays = bucketLabels("week", format);
  const s = cal.data?.streaks;
  return (
    <div className="space-y-6">
      <FilterBar filters={filters} onChange={setFilters} />
      {/* Streaks and active days all count the whole history, so they never contradict each other. */}
      <section aria-label={t("allTime")}>
        <StatTiles
          tiles={[
            [t("currentStreak"), s ? t("days", { count: s.current }) : "…"],
            [t("longestStreak"), s ? t("days", { count: s.longest }) : "…"],
            [t("activeDays"), cal.data ? format.number(cal.data.activeDaysAll) : "…"],
          ]}
        />
        <p className="mt-1 text-xs text-muted">{t("allTime")}</p>
      </section>
      <Panel
        title={t("calendar")}
        actions={
          <select
            aria-label={t("year")}
            value={year ?? ""}
            onChange={(e) => setYear(e.target.value ? Number(e.target.value) : undefined)}
            className={`min-h-9 rounded-xl border border-line bg-card px-3 text-sm ${tap}`}
          >
            <option value="">{t("lastYear")}</option>
            {(cal.data?.years ?? []).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        }
      >
        <QueryState isPending={cal.isPending} isError={cal.isError}>
          {cal.data && <YearCalendar {...cal.data} />}
        </QueryState>
      </Panel>
      <Panel title={t("heatmap")}>
        <QueryState isPending={heat.isPending} isError={heat.isError} isEmpty={heat.data?.max === 0} rows={7}>
          {heat.data && <HeatmapGrid data={heat.data.data} max={heat.data.max} weekdays={weekdays} />}
        </QueryState>
      </Panel>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title={t("clock")}>
          <QueryState isPending={heat.isPending} isError={heat.isError}>
            <BucketBars
              data={heat.data?.hours ?? []}
              labels={bucketLabels("day", format)}
              name={t("plays")}
            />
          </QueryState>
        </Panel>
        <Panel title={t("weekdays")}>
          <QueryState isPending={heat.isPending} isError={heat.isError}>
            <BucketBars data={heat.data?.weekdays ?? []} labels={weekdays} name={t("plays")} />
          </QueryState>
        </Panel>
      </div>
      <SessionsPanel filters={filters} />
      <Panel title={t("timeline")}>
        <QueryState isPending={timeline.isPending} isError={timeline.isError}>
          <BucketBars
            data={timeline.data?.points.map((p) => p.plays) ?? []}
            labels={timeline.data ? timelineLabels(timeline.data, format) : []}
            name={t("plays")}
          />
        </QueryState>
      </Panel>
    </div>
  );
}
