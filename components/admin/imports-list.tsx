"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { COUNT_KEYS } from "@/components/imports/api";
import { tapSummary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { listImports } from "@/lib/admin/records";
import { type ApiResult, withQuery } from "@/lib/client/fetch";
import { formatDate, useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";
import { Pager } from "./pager";

type ImportPage = ApiResult<typeof listImports>;
type ImportRow = ImportPage["items"][number];

export function ImportsList() {
  const t = useTranslations("admin");
  // The Import page's own words for statuses and counts, so both pages say the same thing.
  const ti = useTranslations("imports");
  const f = useFormat();
  const [page, setPage] = useState(1);
  const { data, isFetching } = useAdminQuery<ImportPage>(
    withQuery("/api/admin/imports", { page, pageSize: 10 }),
  );
  const columns: Column<ImportRow>[] = [
    {
      key: "file",
      data: true,
      header: t("file"),
      primary: true,
      cell: (r) => (
        <span>
          <span className="font-medium">{r.fileName}</span> <span className="text-muted">({r.kind})</span>
        </span>
      ),
    },
    { key: "user", data: true, header: t("user"), cell: (r) => r.username },
    { key: "status", header: t("status"), cell: (r) => ti(`status.${r.status as "done"}`) },
    {
      key: "counts",
      header: t("counts"),
      cell: (r) => COUNT_KEYS.map((k) => `${ti(`counts.${k}`)} ${f.number(r.counts[k] ?? 0)}`).join(" · "),
    },
    { key: "when", header: t("created"), cell: (r) => formatDate(r.createdAt, f) },
    {
      key: "report",
      header: t("report"),
      cell: (r) =>
        r.error || r.reportTotal ? (
          <details>
            <summary className={`cursor-pointer ${tapSummary}`}>
              {t("reportRows", { n: r.reportTotal })}
            </summary>
            {r.error && <p className="text-red-600 dark:text-red-400">{r.error}</p>}
            <ul className="mt-1 max-h-48 overflow-auto text-xs">
              {r.report.map((line) => (
                <li key={`${line.file ?? ""}:${line.row}`}>
                  {line.file ? `${line.file} ` : ""}#{line.row}: {line.reason}
                </li>
              ))}
            </ul>
          </details>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="imports-title">
      <h2 id="imports-title" className="text-lg font-semibold">
        {t("imports")}
      </h2>
      <DataList
        label={t("imports")}
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(r) => r.id}
        empty={t("noImports")}
        loading={isFetching}
      />
      {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />}
    </section>
  );
}
