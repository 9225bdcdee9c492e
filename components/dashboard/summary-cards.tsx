"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { card } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { ApiResult } from "@/lib/client/fetch";
import type { getOverview, OverviewChange } from "@/lib/stats/overview";
import type { Summary } from "@/lib/stats/summary";
import { type Filters, useApi } from "../stats/api";
import { Skeleton } from "../stats/ui";

type Overview = ApiResult<typeof getOverview>;

// Compact on a phone (two by two, small type), roomy from sm up: four tall cards made a 4,000 px page.
const cell = `${card} min-w-0 !p-3 sm:!p-5`;
const caption = "text-[11px] font-semibold uppercase leading-tight tracking-wide text-muted sm:text-xs";

function PercentCard({
  label,
  value,
  loading,
}: {
  label: string;
  value?: { name: string; percent: number };
  loading: boolean;
}) {
  const format = useFormat();
  return (
    <div className={`${cell} flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-4`}>
      <div className="flex h-11 w-11 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-accent to-accent-2 p-[3px] sm:h-16 sm:w-16">
        <div className="flex h-full w-full items-center justify-center whitespace-nowrap rounded-full bg-card text-[11px] font-bold sm:text-base">
          {loading || !value ? "—" : format.percent(value.percent, 0)}
        </div>
      </div>
      <div className="min-w-0">
        <div className={caption}>{label}</div>
        {loading ? (
          <Skeleton className="mt-1 h-6 w-24" />
        ) : (
          <div className="line-clamp-2 break-words font-bold sm:text-lg" translate="no">
            {value?.name ?? "—"}
          </div>
        )}
      </div>
    </div>
  );
}

/** "▲ 12 % vs the 30 days before": a change always says what it is compared with; "—" when nothing is. */
function Change({ value, label }: { value: number | null | undefined; label: string }) {
  const t = useTranslations("stats.dashboard");
  const format = useFormat();
  const known = value !== null && value !== undefined;
  const up = known && value >= 0;
  return (
    <span className="block text-xs leading-snug">
      {known ? (
        <span
          className={`font-medium ${up ? "text-emerald-600 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}`}
        >
          {up ? "▲" : "▼"} {format.percent(Math.abs(value))}
        </span>
      ) : (
        <span className="font-medium text-muted" title={t("noCompare")}>
          —
        </span>
      )}{" "}
      <span className="text-muted">{label}</span>
    </span>
  );
}

/** One metric's changes vs the previous period and vs the same period a year earlier (none for all time). */
function Changes({
  metric,
  overview,
  range,
}: {
  metric: keyof OverviewChange;
  overview?: Overview;
  range: string;
}) {
  const t = useTranslations("stats.dashboard");
  if (!overview || range === "all") return null;
  return (
    <>
      <Change value={overview.change[metric]} label={t(`vs.${range}`)} />
      <Change value={overview.yearAgoChange[metric]} label={t("yearAgo")} />
    </>
  );
}

function NumberCard({
  label,
  value,
  children,
  loading,
}: {
  label: string;
  value: string;
  children?: ReactNode;
  loading: boolean;
}) {
  return (
    <div className={cell}>
      <div className={caption}>{label}</div>
      {loading ? (
        <Skeleton className="mt-2 h-7 w-20" />
      ) : (
        <div className="mt-1" data-testid="overview-card">
          <span className="block whitespace-nowrap text-xl font-bold sm:text-2xl">{value}</span>
          {children}
        </div>
      )}
    </div>
  );
}

/** TOP GENRE and TOP ARTIST with the original's percent, plus minutes and plays for the range. */
export function SummaryCards({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.dashboard");
  const format = useFormat();
  const summary = useApi<Summary>("/api/stats/summary", filters);
  const overview = useApi<Overview>("/api/stats/overview", filters);
  const o = overview.data;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 xl:grid-cols-4">
      <PercentCard label={t("topGenre")} value={summary.data?.top_genre} loading={summary.isPending} />
      <PercentCard label={t("topArtist")} value={summary.data?.top_artist} loading={summary.isPending} />
      <NumberCard
        label={t("minutes")}
        value={o ? format.minutes(o.minutes) : ""}
        loading={overview.isPending}
      >
        <Changes metric="minutes" overview={o} range={filters.range} />
      </NumberCard>
      <NumberCard label={t("plays")} value={o ? format.number(o.plays) : ""} loading={overview.isPending}>
        <Changes metric="plays" overview={o} range={filters.range} />
      </NumberCard>
    </div>
  );
}
