"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { card, tap } from "@/components/ui/styles";
import { bucketLabels } from "../dashboard/activity-chart";
import { useApi, useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { Panel, QueryState } from "../stats/ui";
import { HeatmapGrid } from "./heatmap-grid";
import { YearCalendar } from "./year-calendar";

type Heatmap = { data: number[][]; hours: number[]; weekdays: number[]; max: number };
type Calendar = {
  year: number;
  from: string;
  to: string;
  days: { date: string; plays: number; minutes: number }[];
  max: number;
  activeDays: number;
  streaks: { current: number; longest: number; longestFrom: string | null; longestTo: string | null };
};

export function ActivityView() {
  const t = useTranslations("stats.activity");
  const locale = useLocale();
  const [filters, setFilters] = useFilters("all");
  const [year, setYear] = useState<number | undefined>(undefined);
  const heat = useApi<Heatmap>("/api/stats/heatmap", filters);
  const months = useApi<{ data: number[] }>("/api/stats/activity", { ...filters, period: "month" });
  const cal = useApi<Calendar>("/api/stats/calendar", { source: filters.source, year });
  const weekdays = bucketLabels("week", locale);
  const thisYear = new Date().getFullYear();
  const s = cal.data?.streaks;
  return (
    <div className="space-y-6">
      <FilterBar filters={filters} onChange={setFilters} />
      <div className="grid gap-4 sm:grid-cols-3">
        {[
          [t("currentStreak"), s ? t("days", { count: s.current }) : "…"],
          [t("longestStreak"), s ? t("days", { count: s.longest }) : "…"],
          [t("activeDays"), cal.data ? String(cal.data.activeDays) : "…"],
        ].map(([label, value]) => (
          <div key={label} className={card}>
            <div className="text-xs font-semibold uppercase tracking-wide text-muted">{label}</div>
            <div className="mt-1 text-2xl font-bold">{value}</div>
          </div>
        ))}
      </div>
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
            {Array.from({ length: 10 }, (_, i) => thisYear - i).map((y) => (
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
              labels={bucketLabels("day", locale)}
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
      <Panel title={t("months")}>
        <QueryState isPending={months.isPending} isError={months.isError}>
          <BucketBars
            data={months.data?.data ?? []}
            labels={bucketLabels("month", locale)}
            name={t("plays")}
          />
        </QueryState>
      </Panel>
    </div>
  );
}
