"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { apiFetch } from "@/lib/client/fetch";

/** `range` is "custom" when the URL holds a from/to period (local dates, both inclusive) instead. */
export type Filters = { range: string; source: string; from?: string; to?: string };
export const CUSTOM = "custom";
export const RANGE_KEYS = ["today", "7d", "30d", "6m", "year", "all"] as const;
export const SOURCE_KEYS = ["", "yandex", "spotify"] as const;

/** The filters as the API and the address take them: "custom" is the UI's name, from/to say it all. */
export function filterQuery<T extends { range?: unknown }>(f: T): T {
  return f.range === CUSTOM ? { ...f, range: undefined } : f;
}

export function useApi<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  enabled = true,
) {
  const sent = filterQuery(params);
  return useQuery({ queryKey: [path, sent], queryFn: () => apiFetch<T>(path, { params: sent }), enabled });
}

/** Range (or a from/to period) and source live in the URL, so a view can be shared, reloaded and revisited. */
export function useFilters(defaultRange = "30d"): [Filters, (next: Partial<Filters>) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const from = search.get("from") ?? undefined;
  const to = search.get("to") ?? undefined;
  const source = search.get("source") ?? "";
  const filters: Filters =
    from || to ? { range: CUSTOM, source, from, to } : { range: search.get("range") ?? defaultRange, source };
  const set = useCallback(
    (next: Partial<Filters>) => {
      const qs = new URLSearchParams(search.toString());
      // A preset range replaces a custom period, and a custom period the preset.
      if (next.range !== undefined) for (const k of ["range", "from", "to"]) qs.delete(k);
      for (const [k, v] of Object.entries(filterQuery(next))) {
        if (v) qs.set(k, v);
        else qs.delete(k);
      }
      router.replace(qs.size ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [search, router, pathname],
  );
  return [filters, set];
}

export const safeImage = (url: string | null | undefined) => (url && /^https:\/\//.test(url) ? url : null);
