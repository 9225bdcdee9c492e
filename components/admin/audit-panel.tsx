"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { input, label, tapSummary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { listAudit } from "@/lib/admin/audit";
import { type ApiResult, withQuery } from "@/lib/client/fetch";
import { formatDate, useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";
import { Pager } from "./pager";

type AuditPage = ApiResult<typeof listAudit>;
type Entry = AuditPage["items"][number];

const ACTIONS = ["user.", "track.", "listens.", "job.", "settings."];

const json = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 1));

export function AuditPanel() {
  const t = useTranslations("admin");
  const f = useFormat();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState("");
  const { data, isFetching } = useAdminQuery<AuditPage>(
    withQuery("/api/admin/audit", { page, action, pageSize: 25 }),
  );
  const columns: Column<Entry>[] = [
    { key: "what", data: true, header: t("action"), primary: true, cell: (e) => <code>{e.action}</code> },
    { key: "target", data: true, header: t("target"), cell: (e) => e.target ?? "—" },
    { key: "who", data: true, header: t("who"), cell: (e) => e.actor ?? t("deletedUser") },
    { key: "when", header: t("when"), cell: (e) => formatDate(e.createdAt, f) },
    {
      key: "change",
      header: t("change"),
      cell: (e) => (
        <details>
          <summary className={`cursor-pointer ${tapSummary}`}>{t("beforeAfter")}</summary>
          <div className="mt-1 grid gap-2 text-xs sm:grid-cols-2">
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all">{json(e.before)}</pre>
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all">{json(e.after)}</pre>
          </div>
        </details>
      ),
    },
  ];
  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="audit-title">
      <h2 id="audit-title" className="text-lg font-semibold">
        {t("auditLog")}
      </h2>
      <div className="sm:w-64">
        <label htmlFor="audit-action" className={label}>
          {t("action")}
        </label>
        <select
          id="audit-action"
          className={input}
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setPage(1);
          }}
        >
          <option value="">{t("any")}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`audit_${a.slice(0, -1)}`)}
            </option>
          ))}
        </select>
      </div>
      <DataList
        label={t("auditLog")}
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(e) => e.id}
        empty={t("noAudit")}
        loading={isFetching}
      />
      {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />}
    </section>
  );
}
