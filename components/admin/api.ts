"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Format } from "@/lib/format";

/** An /api/admin error with the server's message and, for 400s, the failing field and rule code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function adminFetch<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.message ?? res.statusText, data.field, data.code);
  return data as T;
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** Builds "/api/admin/x?a=1" from the defined, non-empty params only. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Server-paged list: the previous page stays on screen while the next one loads. */
export function useAdminQuery<T>(url: string, opts: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ["admin", url],
    queryFn: () => adminFetch<T>(url),
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
