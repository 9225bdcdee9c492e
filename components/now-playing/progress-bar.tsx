"use client";

import { useEffect, useState } from "react";

function fmt(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Moves smoothly between polls: the position is extrapolated from the last answer and the time it arrived
 * (our own clock, never the server's), and clamped to the duration.
 */
export function ProgressBar(props: {
  progressMs: number;
  durationMs: number | null;
  playing: boolean;
  receivedAt: number;
}) {
  const { progressMs, durationMs, playing, receivedAt } = props;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = 0;
    const tick = (t: number) => {
      // ~4 updates a second is smooth for a bar and cheap for a phone.
      if (t - last > 250) {
        last = t;
        setNow(Date.now());
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing]);
  const raw = playing ? progressMs + Math.max(0, now - receivedAt) : progressMs;
  const position = durationMs ? Math.min(raw, durationMs) : raw;
  const pct = durationMs ? Math.min(100, (position / durationMs) * 100) : 0;
  return (
    <div className="mt-3">
      <div
        className="h-1.5 w-full overflow-hidden rounded-full bg-line"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={durationMs ?? 0}
        aria-valuenow={Math.round(position)}
      >
        <div
          className={`h-full rounded-full bg-gradient-to-r from-accent to-accent-2 ${playing ? "transition-[width] duration-300 ease-linear" : ""}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <div className="mt-1 flex justify-between text-xs tabular-nums text-muted">
        <span>{fmt(position)}</span>
        <span>{durationMs ? fmt(durationMs) : "–:––"}</span>
      </div>
    </div>
  );
}
