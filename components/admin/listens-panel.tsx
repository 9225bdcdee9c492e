"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useSourceName } from "@/components/now-playing/source-names";
import { buttonDanger, buttonSecondary } from "@/components/ui/styles";
import { useFormat } from "@/components/ui/use-format";
import type { listListens } from "@/lib/admin/listens";
import { type ApiResult, apiFetch, withQuery } from "@/lib/client/fetch";
import { formatDate, useAdminMutation, useAdminQuery } from "./api";
import { ConfirmDialog } from "./confirm-dialog";
import { type Column, DataList } from "./data-list";
import { useErrorText } from "./error-text";
import { type ListenFilters, ListenFiltersForm } from "./listen-filters";

type ListenPage = ApiResult<typeof listListens>;
type Listen = ListenPage["items"][number];

export function ListensPanel() {
  const t = useTranslations("admin");
  const f = useFormat();
  const sourceName = useSourceName();
  const errorText = useErrorText();
  const [filters, setFilters] = useState<ListenFilters>({});
  // Keyset paging: a stack of the cursors that led here, so "newer" can step back.
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const url = withQuery("/api/admin/listens", { ...filters, cursor: cursors.at(-1), limit: 50 });
  const { data, isFetching } = useAdminQuery<ListenPage>(url);
  const remove = useAdminMutation((ids: number[]) =>
    apiFetch("/api/admin/listens", { method: "DELETE", body: { ids } }),
  );

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columns: Column<Listen>[] = [
    {
      key: "pick",
      header: <span className="sr-only">{t("select")}</span>,
      cell: (l) => (
        // The label around the box is the 44 px target a thumb presses.
        <label className="-m-2 inline-flex min-h-11 min-w-11 cursor-pointer items-center justify-center">
          <input
            type="checkbox"
            className="h-5 w-5 accent-accent"
            checked={selected.has(l.id)}
            onChange={() => toggle(l.id)}
            aria-label={t("selectListen", { title: l.title, time: formatDate(l.startedAt, f) })}
          />
        </label>
      ),
    },
    {
      key: "track",
      header: t("track"),
      primary: true,
      cell: (l) => (
        <span>
          <span className="font-medium" translate="no">
            {l.title}
          </span>{" "}
          <span className="text-muted" translate="no">
            — {l.artistLine}
          </span>
        </span>
      ),
    },
    { key: "user", header: t("user"), cell: (l) => <span translate="no">{l.username}</span> },
    { key: "when", header: t("when"), cell: (l) => formatDate(l.startedAt, f) },
    {
      key: "source",
      header: t("source"),
      cell: (l) => `${sourceName(l.source)} · ${t(`origins.${l.origin}`)}`,
    },
    {
      key: "flags",
      header: t("flags"),
      cell: (l) =>
        [l.skipped && t("skipped"), l.duplicateOf && t("duplicate")].filter(Boolean).join(", ") || "—",
    },
  ];

  return (
    <section className="space-y-4 rounded-2xl border border-line bg-card p-5" aria-labelledby="listens-title">
      <h2 id="listens-title" className="text-lg font-semibold">
        {t("listens")}
      </h2>
      <ListenFiltersForm
        onChange={(f) => {
          setFilters(f);
          setCursors([]);
          setSelected(new Set());
        }}
      />
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonDanger}
          disabled={selected.size === 0}
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
        >
          {t("deleteSelected", { n: selected.size })}
        </button>
      </div>
      <DataList
        label={t("listens")}
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(l) => l.id}
        empty={t("noListens")}
        loading={isFetching}
      />
      <nav className="flex justify-between gap-2" aria-label={t("pagination")}>
        <button
          type="button"
          className={buttonSecondary}
          disabled={!cursors.length}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t("newer")}
        </button>
        <button
          type="button"
          className={buttonSecondary}
          disabled={!data?.nextCursor}
          onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor as string])}
        >
          {t("older")}
        </button>
      </nav>
      <ConfirmDialog
        open={confirming}
        title={t("confirmDeleteListens", { n: selected.size })}
        confirmLabel={t("delete")}
        busy={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate([...selected], {
            onSuccess: () => {
              setSelected(new Set());
              setConfirming(false);
            },
          })
        }
      >
        <p className="text-sm text-muted">{t("deleteListensHint")}</p>
      </ConfirmDialog>
    </section>
  );
}
