"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import { localParts } from "@/lib/stats/zone";
import { ScrollStrip } from "./scroll-strip";

/** Hour × weekday grid; cell opacity follows plays relative to the busiest cell. */
export function HeatmapGrid({ data, max, weekdays }: { data: number[][]; max: number; weekdays: string[] }) {
  const t = useTranslations("stats.activity");
  const format = useFormat();
  const hour = localParts(format.timeZone, format.now.getTime()).hour;
  return (
    <ScrollStrip at={(hour + 2) / 25}>
      <table className="w-full min-w-[560px] table-fixed border-separate border-spacing-[3px] text-xs">
        <caption className="sr-only">{t("heatmap")}</caption>
        <colgroup>
          <col className="w-12" />
        </colgroup>
        <thead>
          <tr>
            <th />
            {Array.from({ length: 24 }, (_, h) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed 24-hour grid
              <th key={h} scope="col" className={`font-normal ${h === hour ? "text-fg" : "text-muted"}`}>
                {h % 3 === 0 || h === hour ? String(h).padStart(2, "0") : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, d) => (
            <tr key={weekdays[d] ?? d}>
              <th scope="row" className="pr-2 text-left font-normal text-muted">
                {weekdays[d]}
              </th>
              {row.map((v, h) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed 24-hour grid
                  key={h}
                  title={t("cell", { day: weekdays[d] ?? "", hour: String(h).padStart(2, "0"), count: v })}
                  className="h-5 rounded-sm"
                  style={{
                    background:
                      v === 0 ? "var(--card-2)" : `rgba(168, 85, 247, ${0.15 + (0.85 * v) / (max || 1)})`,
                  }}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollStrip>
  );
}
