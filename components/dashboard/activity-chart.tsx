"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { tap } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { Format } from "@/lib/format";
import type { Timeline, TimelineUnit } from "@/lib/stats/timeline";
import { type Filters, useApi } from "../stats/api";
import { Panel, QueryState } from "../stats/ui";

const VIEWS = ["timeline", "hours", "weekdays"] as const;
type View = (typeof VIEWS)[number];

/** Localised bucket labels: hours, Monday-first weekdays, months. */
export function bucketLabels(period: "day" | "week" | "month", format: Format): string[] {
  if (period === "day") return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  return period === "week" ? format.weekdays() : format.months();
}

const LABEL: Record<Exclude<TimelineUnit, "hour">, Intl.DateTimeFormatOptions> = {
  day: { day: "numeric", month: "short" },
  week: { day: "numeric", month: "short" },
  month: { month: "short", year: "2-digit" },
  year: { year: "numeric" },
};

export function timelineLabels(t: Timeline, format: Format): string[] {
  const unit = t.unit;
  return t.points.map((p) => (unit === "hour" ? p.key : format.day(p.key, LABEL[unit])));
}

/** Activity volume over the range chosen above: plays over time, or its hours and weekdays. */
export function ActivityChart({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const format = useFormat();
  const [view, setView] = useState<View>("timeline");
  const timeline = useApi<Timeline>("/api/stats/timeline", filters, view === "timeline");
  const period = view === "hours" ? "day" : "week";
  const profile = useApi<{ data: number[] }>(
    "/api/stats/activity",
    { ...filters, period },
    view !== "timeline",
  );
  const q = view === "timeline" ? timeline : profile;
  const tabs = (
    <div role="tablist" className="flex max-w-full flex-wrap gap-1 rounded-3xl border border-line p-1">
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          onClick={() => setView(v)}
          className={`min-h-8 shrink-0 rounded-full px-3 text-sm ${tap} ${view === v ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`}
        >
          {t(`views.${v}`)}
        </button>
      ))}
    </div>
  );
  const data =
    view === "timeline" ? (timeline.data?.points.map((p) => p.plays) ?? []) : (profile.data?.data ?? []);
  const labels =
    view === "timeline"
      ? timeline.data
        ? timelineLabels(timeline.data, format)
        : []
      : bucketLabels(period, format);
  return (
    <Panel title={t("activity")} actions={tabs}>
      <QueryState isPending={q.isPending} isError={q.isError} rows={5}>
        <BucketBars data={data} labels={labels} name={t("plays")} />
      </QueryState>
    </Panel>
  );
}
