"use client";

import { useLocale, useTranslations } from "next-intl";
import { card } from "@/components/ui/styles";
import type { Summary } from "@/lib/stats/summary";
import { type Filters, useApi } from "../stats/api";
import { formatMinutes, Skeleton } from "../stats/ui";

type Overview = { plays: number; minutes: number; change: Record<string, number | null> };

function PercentCard({
  label,
  value,
  loading,
}: {
  label: string;
  value?: { name: string; percent: number };
  loading: boolean;
}) {
  return (
    <div className={`${card} flex items-center gap-4`}>
      <div className="relative flex h-16 w-16 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-accent to-accent-2 p-[3px]">
        <div className="flex h-full w-full items-center justify-center rounded-full bg-card text-lg font-bold">
          {loading || !value ? "--%" : `${value.percent}%`}
        </div>
      </div>
      <div className="min-w-0">
        <div className="text-xs font-semibold uppercase tracking-wide text-muted">{label}</div>
        {loading ? (
          <Skeleton className="mt-1 h-6 w-28" />
        ) : (
          <div className="truncate text-lg font-bold">{value?.name ?? "—"}</div>
        )}
      </div>
    </div>
  );
}

function Change({ value }: { value: number | null | undefined }) {
  const t = useTranslations("stats.dashboard");
  if (value === null || value === undefined) return null;
  const up = value >= 0;
  return (
    <span
      className={`text-xs font-medium ${up ? "text-emerald-500" : "text-red-500"}`}
      title={t("vsPrevious")}
    >
      {up ? "▲" : "▼"} {Math.abs(value)}%
    </span>
  );
}

function NumberCard({
  label,
  value,
  change,
  loading,
}: {
  label: string;
  value: string;
  change?: number | null;
  loading: boolean;
}) {
  return (
    <div className={card}>
      <div className="text-xs font-semibold uppercase tracking-wide text-muted">{label}</div>
      {loading ? (
        <Skeleton className="mt-2 h-7 w-24" />
      ) : (
        <div className="mt-1 flex items-baseline gap-2">
          <span className="text-2xl font-bold">{value}</span>
          <Change value={change} />
        </div>
      )}
    </div>
  );
}

/** TOP GENRE and TOP ARTIST with the original's percent, plus minutes and plays for the range. */
export function SummaryCards({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const locale = useLocale();
  const summary = useApi<Summary>("/api/stats/summary", filters);
  const overview = useApi<Overview>("/api/stats/overview", filters);
  const o = overview.data;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <PercentCard label={t("topGenre")} value={summary.data?.top_genre} loading={summary.isPending} />
      <PercentCard label={t("topArtist")} value={summary.data?.top_artist} loading={summary.isPending} />
      <NumberCard
        label={t("minutes")}
        value={o ? formatMinutes(o.minutes, locale) : ""}
        change={o?.change.minutes}
        loading={overview.isPending}
      />
      <NumberCard
        label={t("plays")}
        value={o ? o.plays.toLocaleString(locale) : ""}
        change={o?.change.plays}
        loading={overview.isPending}
      />
    </div>
  );
}
