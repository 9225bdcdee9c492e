"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { tap } from "@/components/ui/styles";
import { type Filters, useApi } from "../stats/api";
import { Panel, QueryState } from "../stats/ui";

const PERIODS = ["day", "week", "month"] as const;
type Period = (typeof PERIODS)[number];

/** Localised bucket labels: hours, Monday-first weekdays, months. */
export function bucketLabels(period: Period, locale: string): string[] {
  if (period === "day") return Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  if (period === "week") {
    const f = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
    return Array.from({ length: 7 }, (_, d) => f.format(new Date(Date.UTC(2024, 0, 1 + d))));
  }
  const f = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  return Array.from({ length: 12 }, (_, m) => f.format(new Date(Date.UTC(2024, m, 1))));
}

/** Activity Volume with Day / Week / Month tabs (seed-app-contract §2.5 windows). */
export function ActivityChart({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const locale = useLocale();
  const [period, setPeriod] = useState<Period>("day");
  const q = useApi<{ data: number[] }>("/api/stats/activity", { period, source: filters.source });
  const tabs = (
    <div role="tablist" className="flex gap-1 rounded-full border border-line p-1">
      {PERIODS.map((p) => (
        <button
          key={p}
          type="button"
          role="tab"
          aria-selected={period === p}
          onClick={() => setPeriod(p)}
          className={`min-h-8 rounded-full px-3 text-sm ${tap} ${period === p ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`}
        >
          {t(`periods.${p}`)}
        </button>
      ))}
    </div>
  );
  return (
    <Panel title={t("activity")} actions={tabs}>
      <QueryState isPending={q.isPending} isError={q.isError} rows={5}>
        <BucketBars data={q.data?.data ?? []} labels={bucketLabels(period, locale)} name={t("plays")} />
      </QueryState>
    </Panel>
  );
}
