"use client";

import { useLocale } from "next-intl";
import { BucketBars } from "@/components/charts/bucket-bars-lazy";

/** Plays per month for the last two years of a track's or artist's history. */
export function MonthBars({ months, name }: { months: { month: string; plays: number }[]; name: string }) {
  const locale = useLocale();
  const recent = months.slice(-24);
  const f = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" });
  const labels = recent.map((m) => f.format(new Date(`${m.month}-01T00:00:00Z`)));
  return <BucketBars data={recent.map((m) => m.plays)} labels={labels} name={name} />;
}
