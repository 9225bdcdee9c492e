"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function BucketBars({ data, labels, name }: { data: number[]; labels: string[]; name: string }) {
  const max = Math.max(0, ...data);
  const rows = data.map((value, i) => ({ label: labels[i] ?? String(i), value }));
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 4, left: -16, bottom: 0 }}>
          <defs>
            <linearGradient id="mt-bar-max" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#a855f7" />
              <stop offset="100%" stopColor="#ec4899" />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.08} />
          <XAxis
            dataKey="label"
            tickLine={false}
            axisLine={false}
            fontSize={11}
            interval="preserveStartEnd"
            stroke="currentColor"
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            fontSize={11}
            width={44}
            stroke="currentColor"
            tickFormatter={(v: number) => compact.format(v)}
          />
          <Tooltip
            cursor={{ fillOpacity: 0.06 }}
            contentStyle={{
              background: "var(--card)",
              border: "1px solid var(--line)",
              borderRadius: 12,
              color: "var(--fg)",
            }}
            formatter={(v) => [v, name]}
          />
          <Bar dataKey="value" radius={[6, 6, 0, 0]} minPointSize={3} isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.label} fill={r.value === max && max > 0 ? "url(#mt-bar-max)" : "#a855f766"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
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
          className={`min-h-8 rounded-full px-3 text-sm ${period === p ? "bg-gradient-to-r from-accent to-accent-2 text-white" : "text-muted hover:text-fg"}`}
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
