"use client";

import { useRouter } from "next/navigation";
import { tap } from "@/components/ui/styles";

/** "Whole year" or one month of it; the choice lives in the address (?month=3) like every other view. */
export function MonthPicker({
  year,
  current,
  label,
  options,
}: {
  year: number;
  current: number | null;
  label: string;
  options: { value: string; label: string }[];
}) {
  const router = useRouter();
  return (
    <select
      aria-label={label}
      value={current ?? ""}
      onChange={(e) =>
        router.push(e.target.value ? `/recap/${year}?month=${e.target.value}` : `/recap/${year}`)
      }
      className={`min-h-9 w-full rounded-xl border border-line bg-card px-3 text-sm text-fg sm:w-auto ${tap}`}
      data-testid="recap-month"
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
