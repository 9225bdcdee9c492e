"use client";

import { NowPlayingCard } from "../now-playing/now-playing-card";
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
export function DashboardWidgets({ services }: { services: Source[] }) {
  const [filters, setFilters] = useFilters("30d");
  return (
    <div className="space-y-6">
      <FilterBar filters={filters} onChange={setFilters} />
      {services.length > 0 && <NowPlayingCard services={services} />}
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
