"use client";

import { useLocale, useNow, useTimeZone } from "next-intl";
import { useMemo } from "react";
import { createFormat, type Format } from "@/lib/format";

/** The reader's formatter (locale and zone from the request config) and the request's "now". */
export function useFormat(): Format & { now: Date } {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const now = useNow({ updateInterval: 60_000 });
  return useMemo(() => ({ ...createFormat({ locale, timeZone }), now }), [locale, timeZone, now]);
}
