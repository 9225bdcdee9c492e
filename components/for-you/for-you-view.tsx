"use client";

import { useTranslations } from "next-intl";
import { ForYou } from "../dashboard/for-you";
import { useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";

/** The "For you" page: the dashboard's suggestions on their own, by source (they ignore the range). */
export function ForYouView() {
  const t = useTranslations("ui.forYou");
  const [filters, setFilters] = useFilters("all");
  return (
    <div className="space-y-4">
      <FilterBar filters={filters} onChange={setFilters} ranges={false} />
      <ForYou filters={filters} heading={t("heading")} />
    </div>
  );
}
