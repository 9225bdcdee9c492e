"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type Filters = { range: string; source: string };
export const RANGE_KEYS = ["today", "7d", "30d", "6m", "year", "all"] as const;
export const SOURCE_KEYS = ["", "yandex", "spotify"] as const;

export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** GET JSON from our API; an expired session sends the user to sign in instead of parsing an error page. */
export async function getJson<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") qs.set(k, String(v));
  const res = await fetch(qs.size ? `${path}?${qs}` : path, { headers: { accept: "application/json" } });
  if (res.status === 401) {
    window.location.href = `/login?next=${encodeURIComponent(window.location.pathname)}`;
    throw new ApiError(401);
  }
  if (!res.ok) throw new ApiError(res.status);
  return (await res.json()) as T;
}

export function useApi<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  enabled = true,
) {
  return useQuery({ queryKey: [path, params], queryFn: () => getJson<T>(path, params), enabled });
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
