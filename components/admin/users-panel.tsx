"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { type Source, useSourceNames } from "@/components/now-playing/source-names";
import { input, label } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import { withQuery } from "@/lib/client/fetch";
import { formatDate, useAdminQuery } from "./api";
import { CreateUserForm } from "./create-user-form";
import { type Column, DataList } from "./data-list";
import { Pager } from "./pager";
import { type AdminUser, UserActions, type UserPage } from "./user-actions";
import { useUserDialogs } from "./user-dialogs";

export function UsersPanel({ selfId }: { selfId: number }) {
  const t = useTranslations("admin");
  const f = useFormat();
  const sources = useSourceNames();
  const [q, setQ] = useState("");
  const [sort, setSort] = useState("username");
  const [status, setStatus] = useState("all");
  const [page, setPage] = useState(1);
  const [dir, by] = sort.startsWith("-") ? ["desc", sort.slice(1)] : ["asc", sort];
  const url = withQuery("/api/admin/users", { q, sort: by, dir, status, page, pageSize: 20 });
  const { data, isFetching, error } = useAdminQuery<UserPage>(url);
  const dialogs = useUserDialogs();

  const columns: Column<AdminUser>[] = [
    {
      key: "name",
      header: t("username"),
      primary: true,
      cell: (u) => (
        <span className="font-medium">
          <span translate="no">{u.username}</span>
          {u.role === "admin" && (
            <span className="ml-2 rounded bg-accent/15 px-1.5 text-xs">{t("roleAdmin")}</span>
          )}
          {u.disabledAt && <span className="ml-2 rounded bg-red-500/15 px-1.5 text-xs">{t("disabled")}</span>}
        </span>
      ),
    },
    { key: "listens", header: t("plays"), cell: (u) => f.number(u.listens) },
    { key: "last", header: t("lastListen"), cell: (u) => formatDate(u.lastListenAt, f) },
    {
      key: "services",
      header: t("services"),
      cell: (u) => u.providers.map((p) => sources[p as Source] ?? p).join(", ") || "—",
    },
    { key: "created", header: t("created"), cell: (u) => formatDate(u.createdAt, f) },
    {
      key: "actions",
      header: t("actions"),
      cell: (u) => <UserActions user={u} self={u.id === selfId} onAction={dialogs.start} />,
    },
  ];

  return (
    <div className="space-y-6">
      <section className="rounded-2xl border border-line bg-card p-5" aria-labelledby="create-user-title">
        <h2 id="create-user-title" className="mb-3 text-lg font-semibold">
          {t("createUser")}
        </h2>
        <CreateUserForm />
      </section>
      <section className="rounded-2xl border border-line bg-card p-5" aria-labelledby="users-title">
        <h2 id="users-title" className="mb-3 text-lg font-semibold">
          {t("users")}
        </h2>
        <div className="mb-4 grid gap-3 sm:grid-cols-3">
          <div>
            <label htmlFor="user-search" className={label}>
              {t("searchUsers")}
            </label>
            <input
              id="user-search"
              type="search"
              className={input}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setPage(1);
              }}
            />
          </div>
          <div>
            <label htmlFor="user-sort" className={label}>
              {t("sortBy")}
            </label>
            <select id="user-sort" className={input} value={sort} onChange={(e) => setSort(e.target.value)}>
              <option value="username">{t("sortName")}</option>
              <option value="-createdAt">{t("sortNewest")}</option>
              <option value="createdAt">{t("sortOldest")}</option>
              <option value="-listens">{t("sortPlays")}</option>
              <option value="role">{t("sortRole")}</option>
            </select>
          </div>
          <div>
            <label htmlFor="user-status" className={label}>
              {t("show")}
            </label>
            <select
              id="user-status"
              className={input}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                setPage(1);
              }}
            >
              <option value="all">{t("statusAll")}</option>
              <option value="active">{t("statusActive")}</option>
              <option value="disabled">{t("statusDisabled")}</option>
              <option value="admin">{t("statusAdmins")}</option>
            </select>
          </div>
        </div>
        {error && (
          <p role="alert" className="text-red-600">
            {t("failed")}
          </p>
        )}
        <p role="status" className="mb-2 text-sm">
          {dialogs.notice}
        </p>
        <DataList
          label={t("users")}
          columns={columns}
          rows={data?.items ?? []}
          rowKey={(u) => u.id}
          empty={t("noUsers")}
          loading={isFetching}
        />
        {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />}
        {dialogs.dialog}
      </section>
    </div>
  );
}
