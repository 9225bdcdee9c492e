"use client";

import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import type { Sessions } from "@/lib/stats/sessions";
import { type Filters, useApi } from "../stats/api";
import { Panel, QueryState } from "../stats/ui";
import { StatTiles } from "./stat-tiles";

/** Listening sessions of the selected range (lib/stats/sessions.ts): totals, the longest ones and binges. */
export function SessionsPanel({ filters }: { filters: Filters }) {
  const t = useTranslations("stats.sessions");
  const f = useFormat();
  const q = useApi<Sessions>("/api/stats/sessions", filters);
  const s = q.data;
  const span = (start: string, end: string) => `${f.dateTime(start, "medium")} – ${f.time(end)}`;
  return (
    <Panel title={t("title")}>
      <QueryState isPending={q.isPending} isError={q.isError} isEmpty={s?.count === 0}>
        {s && (
          <div className="space-y-5">
            <StatTiles
              tiles={[
                [t("count"), f.number(s.count)],
                [t("average"), f.minutes(s.average_minutes)],
                [t("longest"), f.minutes(s.longest[0]?.minutes ?? 0)],
              ]}
            />
            <p className="text-xs text-muted">{t("hint")}</p>
            <div className="grid gap-5 lg:grid-cols-2">
              <section aria-labelledby="sessions-longest" className="min-w-0">
                <h3 id="sessions-longest" className="mb-2 text-sm font-semibold">
                  {t("longestList")}
                </h3>
                <ol className="space-y-2">
                  {s.longest.map((x) => (
                    <li key={x.start} className="min-w-0 text-sm">
                      <div className="break-words font-medium">
                        {f.minutes(x.minutes)} · {t("listens", { count: x.listens })}
                      </div>
                      <div className="break-words text-muted">
                        {span(x.start, x.end)} · <span translate="no">{x.top_artist}</span>
                      </div>
                    </li>
                  ))}
                </ol>
              </section>
              <section aria-labelledby="sessions-binges" className="min-w-0">
                <h3 id="sessions-binges" className="mb-2 text-sm font-semibold">
                  {t("binges")}
                </h3>
                {s.binges.length === 0 ? (
                  <p className="text-sm text-muted">{t("noBinges")}</p>
                ) : (
                  <ol className="space-y-2">
                    {s.binges.map((b) => (
                      <li key={b.start} className="min-w-0 text-sm">
                        <div className="break-words font-medium" translate="no">
                          {b.artist}
                        </div>
                        <div className="break-words text-muted">
                          {t("inARow", { count: b.plays })} · {span(b.start, b.end)}
                        </div>
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            </div>
          </div>
        )}
      </QueryState>
    </Panel>
  );
}
