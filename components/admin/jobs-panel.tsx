"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonSmall, tapSummary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { jobsOverview } from "@/lib/admin/jobs";
import { type ApiResult, apiFetch } from "@/lib/client/fetch";
import { formatDate, useAdminMutation, useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";
import { useErrorText } from "./error-text";
import { SchedulersList } from "./schedulers-list";

type Overview = ApiResult<typeof jobsOverview>;
type FailedJob = Overview["failed"][number];

const COUNTS = ["waiting", "active", "delayed", "failed", "completed"] as const;

export function JobsPanel() {
  const t = useTranslations("admin");
  const f = useFormat();
  const errorText = useErrorText();
  const [notice, setNotice] = useState<string | null>(null);
  const { data } = useAdminQuery<Overview>("/api/admin/jobs", { refetchInterval: 10_000 });
  const retry = useAdminMutation((j: FailedJob) =>
    apiFetch("/api/admin/jobs/retry", { method: "POST", body: { queue: j.queue, jobId: j.id } }),
  );

  const failedColumns: Column<FailedJob>[] = [
    {
      key: "job",
      data: true,
      header: t("job"),
      primary: true,
      cell: (j) => <code className="text-sm">{`${j.queue} / ${j.id}`}</code>,
    },
    {
      key: "error",
      data: true,
      header: t("error"),
      cell: (j) => (
        <details>
          <summary className={`cursor-pointer text-red-600 dark:text-red-400 ${tapSummary}`}>
            {j.failedReason || "—"}
          </summary>
          <pre className="mt-1 max-w-xl overflow-auto text-xs">{j.stack ?? JSON.stringify(j.data)}</pre>
        </details>
      ),
    },
    { key: "attempts", header: t("attempts"), cell: (j) => j.attemptsMade },
    { key: "when", header: t("failedAt"), cell: (j) => formatDate(j.finishedOn, f) },
    {
      key: "retry",
      header: t("actions"),
      cell: (j) => (
        <button
          type="button"
          className={buttonSmall}
          aria-label={t("retryJob", { id: j.id })}
          disabled={retry.isPending}
          onClick={() =>
            retry.mutate(j, {
              onSuccess: () => setNotice(t("retried", { id: j.id })),
              onError: (e) => setNotice(errorText(e)),
            })
          }
        >
          {t("retry")}
        </button>
      ),
    },
  ];

  return (
    <div className="space-y-6">
      <section
        className="space-y-4 rounded-2xl border border-line bg-card p-5"
        aria-labelledby="queues-title"
      >
        <h2 id="queues-title" className="text-lg font-semibold">
          {t("queues")}
        </h2>
        {data?.mode === "inline" && (
          <p role="status" className="rounded-xl border border-line bg-bg p-4">
            {t("inlineMode")}
          </p>
        )}
        {data?.mode === "bullmq" && (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t("queues")}>
            {data.queues.map((q) => (
              <li key={q.name} className="rounded-xl border border-line bg-bg p-3">
                <div className="mb-2 font-semibold">
                  <span translate="no">{q.name}</span>{" "}
                  {q.paused && <span className="text-sm text-yellow-600">({t("paused")})</span>}
                </div>
                <dl className="grid grid-cols-2 gap-x-2 text-sm">
                  {COUNTS.map((c) => (
                    <div key={c} className="contents">
                      <dt className="text-muted">{t(`count_${c}`)}</dt>
                      <dd className="text-right tabular-nums">{f.number(q.counts[c] ?? 0)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm text-muted">
          {t("workers")}:{" "}
          {data?.workers.length
            ? data.workers.map((w) => (
                <span key={w.workerId} className="mr-2 inline-block">
                  <code translate="no">{w.workerId}</code> ({formatDate(w.seenAt, f)})
                </span>
              ))
            : "—"}
        </p>
      </section>
      {data?.mode === "bullmq" && (
        <section
          className="space-y-4 rounded-2xl border border-line bg-card p-5"
          aria-labelledby="failed-title"
        >
          <h2 id="failed-title" className="text-lg font-semibold">
            {t("failedJobs")}
          </h2>
          <p role="status" className="text-sm">
            {notice}
          </p>
          <DataList
            label={t("failedJobs")}
            columns={failedColumns}
            rows={data.failed}
            rowKey={(j) => `${j.queue}:${j.id}`}
            empty={t("noFailed")}
          />
        </section>
      )}
      <SchedulersList />
    </div>
  );
}
