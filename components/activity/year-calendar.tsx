"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import type { ApiResult } from "@/lib/client/fetch";
import type { getCalendar } from "@/lib/stats/calendar";
import { ScrollStrip } from "./scroll-strip";

type Day = ApiResult<typeof getCalendar>["days"][number];

const DAY = 86_400_000;
const CELL = 12;
const GAP = 3;

const shade = (plays: number, max: number) =>
  plays === 0 ? "var(--card-2)" : `rgba(236, 72, 153, ${0.2 + (0.8 * plays) / (max || 1)})`;

/** A GitHub-style year: one column per week (Monday first), month names above, weekdays beside, a legend. */
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
  const format = useFormat();
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
  // A month's name stands over the first week that holds its 1st.
  const monthAt = weeks.map((w) => w.find((d) => d?.date.endsWith("-01"))?.date ?? null);
  const weekdays = format.weekdays();
  return (
    <div>
      <ScrollStrip at={1}>
        <div className="flex gap-2 text-[10px] leading-none text-muted">
          <div className="flex shrink-0 flex-col pt-4" style={{ gap: GAP }} aria-hidden>
            {weekdays.map((w, i) => (
              <span key={w} className="flex items-center" style={{ height: CELL }}>
                {i % 2 === 0 ? w : ""}
              </span>
            ))}
          </div>
          <div role="img" aria-label={t("calendar")}>
            <div className="relative h-4" aria-hidden>
              {monthAt.map((m, wi) =>
                m ? (
                  <span
                    key={m}
                    className="absolute top-0 whitespace-nowrap"
                    style={{ left: wi * (CELL + GAP) }}
                  >
                    {format.day(m, { month: "short" })}
                  </span>
                ) : null,
              )}
            </div>
            <div className="flex" style={{ gap: GAP }}>
              {weeks.map((week, wi) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: weeks are positions in a fixed grid
                <div key={wi} className="flex flex-col" style={{ gap: GAP }}>
                  {week.map((d, i) =>
                    d ? (
                      <div
                        key={d.date}
                        title={t("dayCell", { date: format.day(d.date), count: d.plays })}
                        className="rounded-[3px]"
                        style={{ width: CELL, height: CELL, background: shade(d.plays, max) }}
                      />
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: padding before the first day
                      <div key={`pad-${i}`} style={{ width: CELL, height: CELL }} />
                    ),
                  )}
                </div>
              ))}
            </div>
          </div>
        </div>
      </ScrollStrip>
      <div className="mt-2 flex items-center justify-end gap-1 text-xs text-muted">
        <span className="mr-1">{t("less")}</span>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <span
            key={f}
            aria-hidden
            className="rounded-[3px]"
            style={{ width: CELL, height: CELL, background: shade(f === 0 ? 0 : Math.max(1, f * max), max) }}
          />
        ))}
        <span className="ml-1">{t("more")}</span>
      </div>
    </div>
  );
}
