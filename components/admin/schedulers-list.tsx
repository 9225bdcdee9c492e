"use client";

import { useTranslations } from "next-intl";
import { type Source, useSourceNames } from "@/components/now-playing/source-names";
import { useFormat } from "@/components/ui/use-format";
import type { SchedulerRow, SchedulerStatus } from "@/lib/admin/jobs";
import type { Json } from "@/lib/client/fetch";
import { formatDate, useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";

type Row = Json<SchedulerRow>;

export function SchedulersList() {
  const t = useTranslations("admin");
  const f = useFormat();
  const tc = useTranslations("connections");
  const sources = useSourceNames();
  const { data, isFetching } = useAdminQuery<Json<SchedulerStatus>>("/api/admin/jobs/schedulers");
  const columns: Column<Row>[] = [
    {
      key: "who",
      header: t("connection"),
      primary: true,
      cell: (r) => (
        <>
          <span translate="no">{r.username}</span> · {sources[r.provider as Source] ?? r.provider}
          {r.userDisabled ? ` (${t("disabled")})` : ""}
        </>
      ),
    },
    {
      key: "status",
      header: t("status"),
      cell: (r) => (tc.has(`status.${r.status}`) ? tc(`status.${r.status}`) : r.status),
    },
    { key: "poll", header: t("lastPoll"), cell: (r) => formatDate(r.lastPollAt, f) },
    {
      key: "sched",
      header: t("schedulers"),
      cell: (r) =>
        data?.mode === "inline"
          ? t("inProcess")
          : r.schedulers
              .map(
                (s) =>
                  `${t.has(`jobKinds.${s.kind}`) ? t(`jobKinds.${s.kind}`) : s.kind}: ${s.present ? formatDate(s.next ?? null, f) : t("none")}`,
              )
              .join(" · "),
    },
    {
      key: "health",
      header: t("health"),
      cell: (r) =>
        r.health ? (
          <span className={r.health === "ok" ? "text-green-600" : "text-red-600 dark:text-red-400"}>
            {t(`health_${r.health}`)}
          </span>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="sched-title">
      <h2 id="sched-title" className="text-lg font-semibold">
        {t("schedulerStatus")}
      </h2>
      <DataList
        label={t("schedulerStatus")}
        columns={columns}
        rows={data?.connections ?? []}
        rowKey={(r) => r.id}
        empty={t("noConnections")}
        loading={isFetching}
      />
    </section>
  );
}
