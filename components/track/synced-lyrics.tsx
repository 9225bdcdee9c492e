"use client";

import { useEffect, useMemo, useRef } from "react";
import type { SyncedLine } from "@/lib/stats/lyrics";

/** The line being sung at `positionMs`: the last one that has started (-1 before the first). */
export function currentLine(lines: SyncedLine[], positionMs: number): number {
  let idx = -1;
  for (let i = 0; i < lines.length && (lines[i]?.time_ms ?? 0) <= positionMs; i++) idx = i;
  return idx;
}

/** Synced lines with the current one highlighted and kept in the middle of the box (the box scrolls, not the page). */
export function SyncedLyrics({ lines, positionMs }: { lines: SyncedLine[]; positionMs: number }) {
  const current = useMemo(() => currentLine(lines, positionMs), [lines, positionMs]);
  const box = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = box.current;
    const line = list?.children[current] as HTMLElement | undefined;
    if (!list || !line) return;
    list.scrollTo({
      top: line.offsetTop - list.clientHeight / 2 + line.clientHeight / 2,
      behavior: "smooth",
    });
  }, [current]);
  return (
    <ol
      ref={box}
      className="relative max-h-[60vh] space-y-2 overflow-y-auto text-lg leading-snug"
      data-testid="synced-lyrics"
    >
      {lines.map((line, i) => (
        <li
          key={`${line.time_ms}:${line.text}`}
          aria-current={i === current ? "true" : undefined}
          className={`rounded-lg px-2 py-0.5 transition-colors ${
            i === current ? "bg-accent/10 font-bold text-fg" : i < current ? "text-muted/60" : "text-muted"
          }`}
        >
          {line.text || "♪"}
        </li>
      ))}
    </ol>
  );
}
