"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { input, tap } from "@/components/ui/styles";
import { useDebounced } from "@/components/ui/use-debounced";
import { useFormat } from "@/components/ui/use-format";
import { apiFetch } from "@/lib/client/fetch";
import type { getHistory, HistoryItem } from "@/lib/stats/history";
import { useFilters } from "../stats/api";
import { FilterBar } from "../stats/filters";
import { Cover, QueryState, SourceDot } from "../stats/ui";

type HistoryPage = Awaited<ReturnType<typeof getHistory>>;

/** Every listen, newest first, loading more as the end scrolls into view; searchable and deletable. */
export function HistoryView() {
  const t = useTranslations("stats.history");
  const tx = useTranslations("exclusions");
  const format = useFormat();
  const client = useQueryClient();
  const [filters, setFilters] = useFilters("all");
  const [text, setText] = useState("");
  const [skipped, setSkipped] = useState(false);
  const q = useDebounced(text.trim(), 300);
  const params = { ...filters, q, skipped: skipped ? "1" : undefined, limit: 50 };
  const query = useInfiniteQuery({
    queryKey: ["/api/history", params],
    queryFn: ({ pageParam }) =>
      apiFetch<HistoryPage>("/api/history", { params: { ...params, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries[0]?.isIntersecting && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  async function remove(item: HistoryItem) {
    if (!window.confirm(t("confirmDelete", { title: item.title }))) return;
    const res = await fetch(`/api/history/${item.id}`, { method: "DELETE" });
    if (!res.ok && res.status !== 404) {
      window.alert(t("deleteFailed"));
      return;
    }
    await client.invalidateQueries();
  }

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  let lastDay = "";
  return (
    <div className="space-y-4">
      <FilterBar filters={filters} onChange={setFilters} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t("search")}
          aria-label={t("search")}
          className={`${input} sm:max-w-md`}
        />
        <label className="flex min-h-11 items-center gap-2 text-sm text-muted">
          <input
            type="checkbox"
            checked={skipped}
            onChange={(e) => setSkipped(e.target.checked)}
            className="h-4 w-4"
          />
          {t("showSkipped")}
        </label>
      </div>
      <QueryState isPending={query.isPending} isError={query.isError} isEmpty={items.length === 0} rows={8}>
        <ul className="space-y-1">
          {items.map((item) => {
            const day = format.date(item.played_at, "full");
            const header = day !== lastDay;
            lastDay = day;
            return (
              <li key={item.id}>
                {header && <h2 className="mb-1 mt-4 text-sm font-semibold text-muted first:mt-0">{day}</h2>}
                <div className="group flex items-center gap-3 rounded-lg p-1.5 hover:bg-card-2">
                  <Cover src={item.cover} name={item.title} size={40} />
                  <Link
                    href={`/track/${item.track_id}`}
                    className="flex min-h-11 min-w-0 flex-1 flex-col justify-center"
                    translate="no"
                  >
                    <span
                      className={`block truncate font-medium ${item.skipped ? "text-muted line-through" : ""}`}
                    >
                      {item.title}
                    </span>
                    <span className="block truncate text-xs text-muted">
                      {item.hidden && <span translate="yes">{tx("historyHidden")} · </span>}
                      {item.artist}
                      {item.album ? ` · ${item.album}` : ""}
                    </span>
                  </Link>
                  <span className="flex shrink-0 items-center gap-2 text-xs text-muted">
                    <SourceDot source={item.source} />
                    <time dateTime={item.played_at}>{format.time(item.played_at)}</time>
                  </span>
                  <button
                    type="button"
                    onClick={() => void remove(item)}
                    aria-label={t("delete", { title: item.title })}
                    className={`min-h-9 min-w-9 rounded-lg text-muted hover:bg-card hover:text-red-500 ${tap}`}
                  >
                    ✕
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
        <div ref={sentinel} className="py-4 text-center text-sm text-muted">
          {isFetchingNextPage ? t("loadingMore") : hasNextPage ? "" : t("end")}
        </div>
      </QueryState>
    </div>
  );
}
