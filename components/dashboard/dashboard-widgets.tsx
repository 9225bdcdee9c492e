"use client";

import { useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { ActivityChart } from "./activity-chart";
import { ForYou } from "./for-you";
import { RecentList } from "./recent-list";
import { SummaryCards } from "./summary-cards";
import { TopLists } from "./top-lists";

/** Every dashboard widget, loading in parallel, driven by the range and source in the URL. */
export function DashboardWidgets() {
  const [filters, setFilters] = useFilters("30d");
  return (
    <div className="space-y-6">
      <FilterBar filters={filters} onChange={setFilters} />
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
