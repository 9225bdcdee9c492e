"use client";

import { BucketBars } from "@/components/charts/bucket-bars-lazy";
import { useFormat } from "@/components/ui/use-format";

/** Plays per month for the last two years of a track's or artist's history. */
export function MonthBars({ months, name }: { months: { month: string; plays: number }[]; name: string }) {
  const format = useFormat();
  const recent = months.slice(-24);
  const labels = recent.map((m) => format.day(m.month, { month: "short", year: "2-digit" }));
  return <BucketBars data={recent.map((m) => m.plays)} labels={labels} name={name} />;
}
