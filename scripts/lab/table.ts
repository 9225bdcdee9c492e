/** The lab's one table, its pass/fail rule and the Spotify call budget lines. */
import { RECONCILE_EVERY_MS } from "@/lib/jobs/contract";
import { nextPollDelay } from "@/lib/listening/cadence";
import type { Row } from "./runner";
import { MAX_START_ERROR_S } from "./score";

export const MAX_LATENCY_S = 30;

export function failed(r: Row): boolean {
  const sc = r.score;
  if (!sc) return true;
  return (
    sc.lost > 0 ||
    sc.doubled > 0 ||
    sc.extra > 0 ||
    Math.max(0, ...sc.latencies) > MAX_LATENCY_S ||
    Math.max(0, ...sc.startErrors) > MAX_START_ERROR_S
  );
}

export function renderTable(rows: Row[]): string {
  const head = [
    "scenario",
    "provider",
    "mode",
    "true",
    "recorded",
    "lost",
    "doubled",
    "extra",
    "start off s",
    "latency s (max)",
    "",
  ];
  const body = rows.map((r) => {
    const sc = r.score;
    const lat = sc?.latencies.length ? `${Math.max(...sc.latencies).toFixed(0)}` : "-";
    const all = sc?.latencies.length ? ` [${sc.latencies.map((l) => l.toFixed(0)).join(" ")}]` : "";
    return [
      r.scenario,
      r.target,
      r.mode,
      sc ? `${sc.trueListens}${sc.unobservable ? ` (+${sc.unobservable} unobservable)` : ""}` : "-",
      sc ? String(sc.recorded) : "-",
      sc ? String(sc.lost) : "-",
      sc ? String(sc.doubled) : "-",
      sc ? String(sc.extra) : "-",
      sc?.startErrors.length ? Math.max(...sc.startErrors).toFixed(0) : "-",
      `${lat}${all}`,
      failed(r) ? "FAIL" : "ok",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** Why each failed row failed, one block per row (what the lead needs to find the bug). */
export function renderNotes(rows: Row[]): string {
  return rows
    .filter(failed)
    .map((r) => {
      const why = r.error ? [`error: ${r.error}`] : (r.score?.notes ?? []);
      const slow = (r.score?.latencies ?? [])
        .filter((l) => l > MAX_LATENCY_S)
        .map((l) => `${l.toFixed(0)} s`);
      if (slow.length) why.push(`late: ${slow.join(", ")} after the play's end`);
      return `${r.scenario} / ${r.target} / ${r.mode}:\n  ${why.join("\n  ")}`;
    })
    .join("\n");
}

export type Budget = {
  mode: string;
  listeningCalls: number;
  listenedMs: number;
  /** Calls of a connected, idle user over the last `idleMs` of `idleSinceConnectMs` connected. */
  idleCalls: number;
  idleMs: number;
  idleSinceConnectMs: number;
};

export function renderBudget(b: Budget): string {
  const perHour = b.listenedMs > 0 ? (b.listeningCalls / b.listenedMs) * 3_600_000 : 0;
  const windowFrom = b.idleSinceConnectMs - b.idleMs;
  const predicted =
    idlePolls(b.idleSinceConnectMs, 0) -
    idlePolls(windowFrom, 0) +
    Math.floor(b.idleSinceConnectMs / RECONCILE_EVERY_MS) -
    Math.floor(windowFrom / RECONCILE_EVERY_MS);
  const DAY = 86_400_000;
  const day = (activeAt: number | null) => idlePolls(DAY, activeAt) + DAY / RECONCILE_EVERY_MS;
  return (
    `Spotify calls (${b.mode}): ${perHour.toFixed(0)} per listening hour (${b.listeningCalls} calls over ` +
    `${(b.listenedMs / 60_000).toFixed(1)} min played; 25-60 s tracks end more often per hour than songs do); ` +
    `idle: ${b.idleCalls} calls in minutes ${(windowFrom / 60_000).toFixed(1)}–` +
    `${(b.idleSinceConnectMs / 60_000).toFixed(1)} after connecting (the cadence predicts ${predicted}); ` +
    `a whole idle day at that cadence: ${day(0)} calls (before #15, a connection never seen playing: ` +
    `${day(null)}, but its first plays waited up to 5 min)`
  );
}

/**
 * Polls of a Spotify connection that plays nothing over `ms` after connecting, by the app's own cadence
 * (`activeAt`: when it was last active, relative to connecting; null = never, as before #15).
 */
function idlePolls(ms: number, activeAt: number | null): number {
  const meta = {
    v: 1 as const,
    lastObservedAt: null,
    lastActivityAt: activeAt,
    failingSince: null,
    failures: 0,
    nextDueAt: null,
  };
  let polls = 0;
  for (let now = 0; now < ms; polls++) now += nextPollDelay({ provider: "spotify", sessions: [], meta, now });
  return polls;
}
