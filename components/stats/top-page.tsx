"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import type { TopKind, TopPage } from "@/lib/stats/top";
import { buttonSmall, tap } from "../ui/styles";
import { useApi, useFilters } from "./api";
import { FilterBar } from "./filters";
import { TopRows } from "./top-rows";
import { Panel, QueryState } from "./ui";

const PAGE_SIZE = 50;

/** A whole top list, page by page; range, source, order and page live in the URL. */
export function TopListPage({ kind }: { kind: TopKind }) {
  const t = useTranslations("stats.top");
  const [filters, setFilters] = useFilters("all");
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const by = search.get("by") === "minutes" ? "minutes" : "plays";
  const page = Math.max(1, Number(search.get("page")) || 1);
  const go = (next: Record<string, string>) => {
    const qs = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(next)) qs.set(k, v);
    router.push(`${pathname}?${qs}`);
  };
  const q = useApi<TopPage>("/api/stats/top", { ...filters, kind, by, page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil((q.data?.totalItems ?? 0) / PAGE_SIZE));
  const toggle = (
    <button
      type="button"
      onClick={() => go({ by: by === "plays" ? "minutes" : "plays", page: "1" })}
      className={`min-h-8 rounded-full border border-line px-3 text-sm text-muted hover:text-fg ${tap}`}
    >
      {t(by === "plays" ? "byPlays" : "byTime")}
    </button>
  );
  return (
    <div className="space-y-4">
      <FilterBar filters={filters} onChange={(f) => setFilters({ ...f })} />
      <Panel title={q.data ? t("count", { count: q.data.totalItems }) : t(`kinds.${kind}`)} actions={toggle}>
        <QueryState
          isPending={q.isPending}
          isError={q.isError}
          isEmpty={q.data?.items.length === 0}
          rows={10}
        >
          <TopRows kind={kind} by={by} items={q.data?.items ?? []} start={(page - 1) * PAGE_SIZE} />
        </QueryState>
        {pages > 1 && (
          <nav
            className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm"
            aria-label={t("pageOf", { page, pages })}
          >
            <button
              type="button"
              className={buttonSmall}
              disabled={page <= 1}
              onClick={() => go({ page: String(page - 1) })}
            >
              {t("prev")}
            </button>
            <span className="text-muted">{t("pageOf", { page, pages })}</span>
            <button
              type="button"
              className={buttonSmall}
              disabled={page >= pages}
              onClick={() => go({ page: String(page + 1) })}
            >
              {t("next")}
            </button>
          </nav>
        )}
      </Panel>
    </div>
  );
}
