"use client";

import { useTranslations } from "next-intl";

type Day = { date: string; plays: number; minutes: number };

const DAY = 86_400_000;

/** A GitHub-style year: one column per week (Monday first), one square per day. */
export function YearCalendar({
  from,
  to,
  days,
  max,
}: {
  from: string;
  to: string;
  days: Day[];
  max: number;
}) {
  const t = useTranslations("stats.activity");
  const byDate = new Map(days.map((d) => [d.date, d]));
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const lead = (new Date(start).getUTCDay() + 6) % 7;
  const cells: (Day | null)[] = Array.from({ length: lead }, () => null);
  for (let t0 = start; t0 <= end; t0 += DAY) {
    const date = new Date(t0).toISOString().slice(0, 10);
    cells.push(byDate.get(date) ?? { date, plays: 0, minutes: 0 });
  }
  const weeks: (Day | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return (
    <div className="overflow-x-auto pb-2">
      <div className="flex gap-[3px]" role="img" aria-label={t("calendar")}>
        {weeks.map((week, wi) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: weeks are positions in a fixed grid
          <div key={wi} className="flex flex-col gap-[3px]">
            {week.map((d, i) =>
              d ? (
                <div
                  key={d.date}
                  title={t("dayCell", { date: d.date, count: d.plays })}
                  className="h-3 w-3 rounded-[3px]"
                  style={{
                    background:
                      d.plays === 0
                        ? "var(--card-2)"
                        : `rgba(236, 72, 153, ${0.2 + (0.8 * d.plays) / (max || 1)})`,
                  }}
                />
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: padding before the first day
                <div key={`pad-${i}`} className="h-3 w-3" />
              ),
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
