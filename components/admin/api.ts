"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/fetch";
import type { Format } from "@/lib/format";

/** Server-paged list: the previous page stays on screen while the next one loads. */
export function useAdminQuery<T>(url: string, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ["admin", url],
    queryFn: () => apiFetch<T>(url),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: opts.refetchInterval,
  });
}

/** A write that refreshes every admin list afterwards (counts change across sections). */
export function useAdminMutation<V, R = unknown>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ["admin"] }) });
}

export function formatDate(value: string | number | Date | null | undefined, f: Format): string {
  if (value === null || value === undefined) return "—";
  return f.dateTime(value);
}
