"use client";

import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { buttonSmall } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { ListenSpan } from "@/lib/stats/has-listens";
import { NowPlayingCard } from "../now-playing/now-playing-card";
import { useSourceNames } from "../now-playing/source-names";
import type { Source } from "../now-playing/use-now-playing";
import { useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { ActivityChart } from "./activity-chart";
import { ForYou } from "./for-you";
import { RecentList } from "./recent-list";
import { SummaryCards } from "./summary-cards";
import { TopLists } from "./top-lists";

/**
 * Every dashboard widget, loading in parallel, driven by the range and source in the URL. The one source
 * selector sits on top and also decides which player "Now playing" shows.
 */
export function DashboardWidgets({
  services,
  span,
  defaultRange,
}: {
  services: Source[];
  span: ListenSpan | null;
  defaultRange: string;
}) {
  const [filters, setFilters] = useFilters(defaultRange);
  return (
    <div className="space-y-6">
      <FilterBar filters={filters} onChange={setFilters} />
      <ConnectedNote />
      <SpanHint span={span} range={filters.range} onShowAll={() => setFilters({ range: "all" })} />
      <NowPlayingCard services={services} />
      <SummaryCards filters={filters} />
      <ActivityChart filters={filters} />
      <div className="grid gap-6 lg:grid-cols-2">
        <TopLists filters={filters} />
        <RecentList filters={filters} />
      </div>
      <ForYou filters={filters} />
    </div>
  );
}

/** Right after the OAuth round trip (?connected=spotify): say it worked and what happens next. */
function ConnectedNote() {
  const t = useTranslations("stats.dashboard");
  const names = useSourceNames();
  const provider = useSearchParams().get("connected");
  if (provider !== "spotify" && provider !== "yandex") return null;
  return (
    <p role="status" className="rounded-xl border border-emerald-500/40 bg-emerald-500/10 p-3 text-sm">
      {t("connected", { service: names[provider] })}
    </p>
  );
}

const RANGE_DAYS: Record<string, number> = { today: 1, "7d": 7, "30d": 30, "6m": 183, year: 366 };

/** When the chosen range holds none of the history (an import of past years), say so and offer all time. */
function SpanHint({
  span,
  range,
  onShowAll,
}: {
  span: ListenSpan | null;
  range: string;
  onShowAll: () => void;
}) {
  const t = useTranslations("stats.dashboard");
  const format = useFormat();
  const days = RANGE_DAYS[range];
  if (!span || !days || Date.parse(span.last) >= format.now.getTime() - days * 86_400_000) return null;
  const month = (iso: string) => format.custom(iso, { month: "long", year: "numeric" });
  return (
    <p
      role="status"
      className="flex flex-wrap items-center gap-3 rounded-xl border border-accent/40 bg-accent/10 p-3 text-sm"
    >
      <span>{t("span", { from: month(span.first), to: month(span.last) })}</span>
      <button type="button" onClick={onShowAll} className={buttonSmall}>
        {t("showAll")}
      </button>
    </p>
  );
}
