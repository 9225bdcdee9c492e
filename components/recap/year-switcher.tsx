import Link from "next/link";
import { tap } from "@/components/ui/styles";

/** The years that have listens, newest first; the current one marked. Wraps on a phone. */
export function YearSwitcher({ years, current, label }: { years: number[]; current: number; label: string }) {
  if (years.length === 0) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap gap-1.5">
      {years.map((y) => (
        <Link
          key={y}
          href={`/recap/${y}`}
          aria-current={y === current ? "page" : undefined}
          className={`inline-flex min-h-8 items-center rounded-full px-3 text-sm tabular-nums ${tap} ${
            y === current
              ? "bg-gradient-to-r from-accent to-accent-2 font-semibold text-white"
              : "border border-line text-muted hover:text-fg"
          }`}
        >
          {y}
        </Link>
      ))}
    </nav>
  );
}
