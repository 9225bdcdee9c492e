"use client";

import { useSourceName } from "@/components/now-playing/source-names";

const DOT: Record<string, string> = { spotify: "bg-spotify", yandex: "bg-yandex" };

/** Which services a row was heard on, shown where two rows are the same song (see lib/stats/twins.ts). */
export function SourceBadges({ sources }: { sources?: string[] }) {
  const name = useSourceName();
  if (!sources?.length) return null;
  return (
    <span className="flex shrink-0 flex-wrap gap-1">
      {sources.map((s) => (
        <span
          key={s}
          className="inline-flex items-center gap-1 whitespace-nowrap rounded-full border border-line px-1.5 text-[11px] leading-4 text-muted"
        >
          <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[s] ?? "bg-muted"}`} />
          {name(s)}
        </span>
      ))}
    </span>
  );
}
