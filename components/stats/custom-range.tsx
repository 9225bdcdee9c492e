"use client";

import { useTimeZone, useTranslations } from "next-intl";
import { useState } from "react";
import { localDateString } from "@/lib/stats/zone";
import { useFormat } from "../ui/use-format";

const field = "min-h-11 w-full min-w-0 rounded-xl border border-line bg-card px-2 text-sm text-fg sm:min-h-9";

/** Days before today a preset starts on, so "Custom period…" opens on the days that were on screen. */
const PRESET_DAYS: Record<string, number> = { today: 0, "7d": 6, "30d": 29, "6m": 182, year: 364 };

/** "YYYY-MM-DD" shifted by whole days (calendar arithmetic, no zone involved). */
export function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The reader's today, in their zone. */
export function useToday(): string {
  const { now } = useFormat();
  return localDateString(useTimeZone() ?? "UTC", now.getTime());
}

/** The period a switch from `range` to a custom one starts with. */
export function presetPeriod(range: string, today: string): { from: string; to: string } {
  return { from: shiftDate(today, -(PRESET_DAYS[range] ?? 29)), to: today };
}

export type RangeProblem = "missing" | "order" | "future" | null;

export function rangeProblem(from: string, to: string, today: string): RangeProblem {
  if (!from || !to) return "missing";
  if (to < from) return "order";
  if (to > today) return "future";
  return null;
}

/**
 * Two native date fields for a from/to period. A valid pair goes to the address at once; an invalid one
 * stays here with a message saying what is wrong, and the page keeps showing the last valid period.
 */
export function CustomRange({
  from,
  to,
  onApply,
}: {
  from?: string;
  to?: string;
  onApply: (period: { from: string; to: string }) => void;
}) {
  const t = useTranslations("stats.filters.custom");
  const today = useToday();
  const [draft, setDraft] = useState({ from: from ?? "", to: to ?? "" });
  const problem = rangeProblem(draft.from, draft.to, today);
  const edit = (next: Partial<typeof draft>) => {
    const d = { ...draft, ...next };
    setDraft(d);
    if (!rangeProblem(d.from, d.to, today)) onApply(d);
  };
  return (
    <fieldset className="col-span-2 flex flex-wrap items-end gap-2 sm:col-span-1">
      <legend className="sr-only">{t("legend")}</legend>
      <div className="grid min-w-0 flex-1 grid-cols-2 gap-2 sm:flex sm:flex-none">
        {(["from", "to"] as const).map((k) => (
          <label key={k} className="flex min-w-0 items-center gap-2 text-sm text-muted">
            <span className="shrink-0">{t(k)}</span>
            <input
              type="date"
              value={draft[k]}
              max={today}
              min={k === "to" ? draft.from || undefined : undefined}
              aria-invalid={problem !== null && problem !== "missing" ? true : undefined}
              onChange={(e) => edit({ [k]: e.target.value })}
              className={field}
            />
          </label>
        ))}
      </div>
      {problem && (
        <p role="alert" className="basis-full text-sm text-red-600 dark:text-red-400">
          {t(`problems.${problem}`)}
        </p>
      )}
    </fieldset>
  );
}
