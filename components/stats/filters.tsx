"use client";

import { useTranslations } from "next-intl";
import { tap } from "@/components/ui/styles";
import { CUSTOM, type Filters, RANGE_KEYS, SOURCE_KEYS } from "./api";
import { CustomRange, presetPeriod, useToday } from "./custom-range";

const pill = `min-h-9 rounded-full px-3 py-1 text-sm font-medium transition ${tap}`;
const active = "bg-gradient-to-r from-accent to-accent-2 text-white";
const idle = "border border-line bg-card text-fg hover:bg-card-2";
const select = `min-h-9 w-full rounded-xl border border-line bg-card px-3 text-sm text-fg sm:w-auto ${tap}`;

/**
 * Range and source selectors shared by the dashboard, activity and history pages. A phone gets two menus
 * side by side: the pills and the range wrapped to three rows at 360 px in Russian. "Custom period…" adds
 * two date fields below them.
 */
export function FilterBar({
  filters,
  onChange,
  ranges = true,
}: {
  filters: Filters;
  onChange: (next: Partial<Filters>) => void;
  ranges?: boolean;
}) {
  const t = useTranslations("stats.filters");
  const today = useToday();
  const pickRange = (range: string) =>
    onChange(range === CUSTOM ? { range, ...presetPeriod(filters.range, today) } : { range });
  return (
    <div
      className={`grid gap-2 sm:flex sm:flex-wrap sm:items-center sm:gap-3 ${ranges ? "grid-cols-2" : ""}`}
    >
      <fieldset className="flex flex-wrap gap-2 max-sm:hidden">
        <legend className="sr-only">{t("source")}</legend>
        {SOURCE_KEYS.map((s) => (
          <button
            key={s || "all"}
            type="button"
            aria-pressed={filters.source === s}
            onClick={() => onChange({ source: s })}
            className={`${pill} ${filters.source === s ? active : idle}`}
          >
            {t(`sources.${s || "all"}`)}
          </button>
        ))}
      </fieldset>
      <select
        aria-label={t("source")}
        value={filters.source}
        onChange={(e) => onChange({ source: e.target.value })}
        className={`${select} min-w-0 sm:hidden`}
      >
        {SOURCE_KEYS.map((s) => (
          <option key={s || "all"} value={s}>
            {t(`sources.${s || "all"}`)}
          </option>
        ))}
      </select>
      {ranges && (
        <label className="flex min-w-0 items-center gap-2 text-sm text-muted">
          <span className="sr-only sm:not-sr-only">{t("range")}</span>
          <select value={filters.range} onChange={(e) => pickRange(e.target.value)} className={select}>
            {[...RANGE_KEYS, CUSTOM].map((r) => (
              <option key={r} value={r}>
                {t(`ranges.${r}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {ranges && filters.range === CUSTOM && (
        <CustomRange
          from={filters.from}
          to={filters.to}
          onApply={(period) => onChange({ range: CUSTOM, ...period })}
        />
      )}
    </div>
  );
}
