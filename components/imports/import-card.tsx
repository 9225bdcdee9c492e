"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonPrimary, buttonSecondary, card, tapSummary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import { apiFetch } from "@/lib/client/fetch";
import { ACTIVE, COUNT_KEYS, type ImportView } from "./api";

const DETAIL_KEYS = [
  "shortPlays",
  "podcasts",
  "audiobooks",
  "incognito",
  "nonMusic",
  "nowPlaying",
  "reDecoded",
] as const;
const REPORT_SHOWN = 50;

/** One import, polled every second while it runs: progress bar, counts, skip reasons, rejected rows. */
export function ImportCard({ id }: { id: number }) {
  const t = useTranslations("imports");
  const format = useFormat();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["/api/imports", id],
    queryFn: () => apiFetch<ImportView>(`/api/imports/${id}`),
    refetchInterval: (q) => (q.state.data && !ACTIVE.has(q.state.data.status) ? false : 1000),
  });
  const cancel = useMutation({
    mutationFn: () => apiFetch<ImportView>(`/api/imports/${id}`, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["/api/imports"] }),
  });
  const imp = query.data;
  if (!imp) return null;
  const active = ACTIVE.has(imp.status);
  const percent = imp.total ? Math.min(100, Math.round((imp.counts.read / Math.max(imp.total, 1)) * 100)) : 0;
  const report = imp.report ?? [];
  return (
    <section className={`${card} space-y-4`} aria-live="polite">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-semibold" translate="no">
            {imp.fileName}
          </p>
          <p className="text-sm text-muted">{t(`status.${imp.status as "done"}`)}</p>
        </div>
        {active && (
          <button
            type="button"
            className={buttonSecondary}
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            {cancel.isPending ? t("cancelling") : t("cancel")}
          </button>
        )}
      </div>
      {active && (
        <div>
          <div
            className="h-3 w-full overflow-hidden rounded-full bg-card-2"
            role="progressbar"
            aria-valuenow={percent}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <div
              className="h-full bg-gradient-to-r from-accent to-accent-2 transition-all"
              style={{ width: `${percent}%` }}
            />
          </div>
          <p className="mt-1 text-sm text-muted">
            {imp.total === null
              ? t("validating")
              : t("progress", { done: format.number(imp.counts.read), total: format.number(imp.total) })}
          </p>
        </div>
      )}
      {imp.status === "done" && (
        <div className="flex flex-wrap items-center gap-3 rounded-xl bg-accent/10 p-3">
          <p className="font-medium">{t("summary", { count: imp.counts.imported })}</p>
          {/* All time: an imported history is mostly older than the dashboard's default 30 days. */}
          <Link href="/dashboard?range=all" className={buttonPrimary}>
            {t("seeStats")} →
          </Link>
        </div>
      )}
      {imp.error && (
        <div className="text-sm">
          <p className="text-red-600 dark:text-red-400">{t("failedGeneric")}</p>
          <details className="mt-1 text-muted">
            <summary className={`cursor-pointer ${tapSummary}`}>{t("technical")}</summary>
            <p lang="en" translate="no" className="mt-1 break-words">
              {imp.error}
            </p>
          </details>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {COUNT_KEYS.map((k) => (
          <div key={k}>
            <dt className="text-xs text-muted">{t(`counts.${k}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums">{format.number(imp.counts[k])}</dd>
          </div>
        ))}
      </dl>
      {DETAIL_KEYS.some((k) => imp.details[k]) && (
        <ul className="space-y-1 text-sm text-muted">
          {DETAIL_KEYS.filter((k) => imp.details[k]).map((k) => (
            <li key={k}>
              {t(`details.${k}`)}: <span className="tabular-nums">{format.number(imp.details[k] ?? 0)}</span>
            </li>
          ))}
        </ul>
      )}
      {report.length > 0 && (
        <details>
          <summary className={`cursor-pointer text-sm font-medium ${tapSummary}`}>
            {t("report")} ({format.number(imp.counts.rejected)})
          </summary>
          <ul className="mt-2 max-h-64 space-y-1 overflow-auto text-sm">
            {report.slice(0, REPORT_SHOWN).map((r) => (
              <li key={`${r.file}:${r.row}`}>
                {t("reportRow", { file: r.file ?? "", row: r.row })}:{" "}
                {/* The parser's own words, kept as they are (they quote the file). */}
                <span lang="en" translate="no" className="text-muted">
                  {r.reason}
                </span>
              </li>
            ))}
          </ul>
          {imp.counts.rejected > REPORT_SHOWN && (
            <p className="mt-1 text-xs text-muted">
              {t("reportMore", { shown: Math.min(REPORT_SHOWN, report.length), total: imp.counts.rejected })}
            </p>
          )}
        </details>
      )}
    </section>
  );
}
