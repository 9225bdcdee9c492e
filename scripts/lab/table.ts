/** The lab's one table, its pass/fail rule and the Spotify call budget lines. */
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
  const perDay = b.idleMs > 0 ? (b.idleCalls / b.idleMs) * 86_400_000 : 0;
  return (
    `Spotify calls (${b.mode}): ${perHour.toFixed(0)} per listening hour (${b.listeningCalls} calls over ` +
    `${(b.listenedMs / 60_000).toFixed(1)} min played; 25-60 s tracks end more often per hour than songs do); ` +
    `idle: ${b.idleCalls} calls in the last ${(b.idleMs / 60_000).toFixed(1)} of ` +
    `${(b.idleSinceConnectMs / 60_000).toFixed(1)} min connected = ${perDay.toFixed(0)} per idle day at that rate ` +
    "(the cadence backs off further after 30 min idle)"
  );
}
