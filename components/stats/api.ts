"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { apiFetch } from "@/lib/client/fetch";

export type Filters = { range: string; source: string };
export const RANGE_KEYS = ["today", "7d", "30d", "6m", "year", "all"] as const;
export const SOURCE_KEYS = ["", "yandex", "spotify"] as const;

export function useApi<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  enabled = true,
) {
  return useQuery({ queryKey: [path, params], queryFn: () => apiFetch<T>(path, { params }), enabled });
}

/** Range and source live in the URL, so a view can be shared, reloaded and navigated back to. */
export function useFilters(defaultRange = "30d"): [Filters, (next: Partial<Filters>) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = { range: search.get("range") ?? defaultRange, source: search.get("source") ?? "" };
  const set = useCallback(
    (next: Partial<Filters>) => {
      const qs = new URLSearchParams(search.toString());
      for (const [k, v] of Object.entries(next)) {
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
