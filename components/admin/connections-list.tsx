"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { type Source, useSourceNames } from "@/components/now-playing/source-names";
import { useFormat } from "@/components/ui/use-format";
import type { listConnections } from "@/lib/admin/records";
import { type ApiResult, withQuery } from "@/lib/client/fetch";
import { consentExpiresAt, reconsentBy } from "@/lib/connections/consent";
import { formatDate, useAdminQuery } from "./api";
import { type Column, DataList } from "./data-list";
import { Pager } from "./pager";

type ConnectionPage = ApiResult<typeof listConnections>;
type ConnectionRow = ConnectionPage["items"][number];

const STATUS_TONE: Record<string, string> = {
  active: "bg-green-500/15",
  needs_reauth: "bg-yellow-500/20",
  config_error: "bg-red-500/15",
  error: "bg-red-500/15",
};

export function ConnectionsList() {
  const t = useTranslations("admin");
  const f = useFormat();
  const tc = useTranslations("connections");
  const sources = useSourceNames();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const { data, isFetching } = useAdminQuery<ConnectionPage>(
    withQuery("/api/admin/connections", { page, status, pageSize: 20 }),
  );
  const columns: Column<ConnectionRow>[] = [
    {
      key: "who",
      header: t("connection"),
      primary: true,
      cell: (c) => (
        <span>
          <span className="font-medium" translate="no">
            {c.username}
          </span>{" "}
          · {sources[c.provider as Source] ?? c.provider}
          {c.externalName ? (
            <span className="text-muted" translate="no">
              {" "}
              ({c.externalName})
            </span>
          ) : null}
        </span>
      ),
    },
    {
      key: "status",
      header: t("status"),
      cell: (c) => (
        <span className={`rounded px-1.5 ${STATUS_TONE[c.status] ?? ""}`}>
          {tc.has(`status.${c.status}`) ? tc(`status.${c.status}`) : c.status}
        </span>
      ),
    },
    { key: "poll", header: t("lastPoll"), cell: (c) => formatDate(c.lastPollAt, f) },
    { key: "ok", header: t("lastSuccess"), cell: (c) => formatDate(c.lastSuccessAt, f) },
    {
      // Spotify's consent runs out six months after the user gave it: warned (and shown here) a fortnight ahead.
      key: "consent",
      header: t("reconnectBy"),
      cell: (c) => {
        const expires = consentExpiresAt(c.provider, c.consentAt);
        if (!expires) return "—";
        const due = reconsentBy(expires);
        return (
          <span
            className={
              due ? `rounded px-1.5 ${due.expired ? STATUS_TONE.error : STATUS_TONE.needs_reauth}` : ""
            }
          >
            {formatDate(expires.toISOString(), f)}
          </span>
        );
      },
    },
    {
      key: "error",
      data: true,
      header: t("lastError"),
      cell: (c) =>
        c.lastError ? (
          <span className="text-red-600 dark:text-red-400">
            {c.lastError} <span className="text-muted">({formatDate(c.lastErrorAt, f)})</span>
          </span>
        ) : (
          "—"
        ),
    },
  ];
  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="conns-title">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="conns-title" className="text-lg font-semibold">
          {t("connections")}
        </h2>
        <label className="flex items-center gap-2 text-sm">
          <span className="text-muted">{t("status")}</span>
          <select
            className="min-h-11 rounded-xl border border-line bg-bg px-3"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            <option value="">{t("any")}</option>
            {["active", "needs_reauth", "config_error", "error"].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataList
        label={t("connections")}
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(c) => c.id}
        empty={t("noConnections")}
        loading={isFetching}
      />
      {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />}
    </section>
  );
}
