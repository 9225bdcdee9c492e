/**
 * Compares what the person really heard (the virtual player's counted passes) with what the app shows in
 * `/api/stats/recent`: each recorded listen is matched to the true listen of the same title whose start is
 * nearest (within half the track, so back-to-back repeats stay apart), one to one. A second record of a
 * matched play is "doubled"; a record of something that was not a listen (a skip, a short track, a private
 * play) is "extra". How far a matched listen's start is from the truth is reported (§10 #1: within I + 3 s).
 * Latency runs from a play's end, or from the end of the outage it ended in.
 */
import { counts, type Pass } from "./player";

/** listening-rules.md §10 #1: `startedAt` within I + 3 s of the truth (I = 10–15 s while playing). */
export const MAX_START_ERROR_S = 15;

export type Seen = { id: number; title: string; startedAt: number; source: string; firstSeenAt: number };

export type Score = {
  trueListens: number;
  recorded: number;
  lost: number;
  doubled: number;
  extra: number;
  /**
   * True listens nobody could have recorded: Yandex plays that began and ended while the app was down
   * (Yandex keeps no timestamped history to recover them from; listening-rules.md §5). Not in `trueListens`.
   */
  unobservable: number;
  /** Seconds from each matched play's end to its first appearance (never negative). */
  latencies: number[];
  /** Seconds between each matched listen's recorded start and the true one. */
  startErrors: number[];
  notes: string[];
};

/** A stretch [from, to] when the app (`app`) or one of its services was down on purpose (a disruption). */
export type Outage = { from: number; to: number; app: boolean };

/**
 * When the app could first have shown a play that ended at `endedAt`: then, or when the outage it ended
 * in was over (a play that ended while the app was down cannot appear before the app is back).
 */
function showableAt(endedAt: number, outages: Outage[]): number {
  const during = outages.find((o) => endedAt >= o.from && endedAt < o.to);
  return during ? during.to : endedAt;
}

export function score(
  passes: Pass[],
  seen: Seen[],
  outages: Outage[] = [],
  opts: { history: boolean } = { history: true },
): Score {
  const hidden = (p: Pass) =>
    !opts.history && outages.some((o) => o.app && p.startedAt >= o.from && p.endedAt <= o.to);
  const counted = passes.filter(counts);
  const truth = counted.filter((p) => !hidden(p)).sort((a, b) => a.startedAt - b.startedAt);
  const matched = new Map<Pass, Seen>();
  let doubled = 0;
  let extra = 0;
  const notes = counted
    .filter(hidden)
    .map(
      (p) =>
        `unobservable (played while the app was down, no history): ${p.track.title} @${clock(p.startedAt)}`,
    );
  for (const s of [...seen].sort((a, b) => a.startedAt - b.startedAt)) {
    const near = truth
      .filter(
        (p) => p.track.title === s.title && Math.abs(p.startedAt - s.startedAt) < p.track.durationMs / 2,
      )
      .sort((a, b) => Math.abs(a.startedAt - s.startedAt) - Math.abs(b.startedAt - s.startedAt));
    const free = near.find((p) => !matched.has(p));
    if (free) matched.set(free, s);
    else if (near.length) {
      doubled++;
      notes.push(`doubled: ${s.title} @${clock(s.startedAt)} (${s.source})`);
    } else {
      extra++;
      notes.push(`extra: ${s.title} @${clock(s.startedAt)} (${s.source})`);
    }
  }
  for (const [p, s] of matched) {
    const off = (s.startedAt - p.startedAt) / 1000;
    if (Math.abs(off) > MAX_START_ERROR_S)
      notes.push(`start off by ${off.toFixed(0)} s: ${p.track.title} @${clock(p.startedAt)}`);
  }
  const lostPasses = truth.filter((p) => !matched.has(p));
  for (const p of lostPasses) notes.push(`lost: ${p.track.title} @${clock(p.startedAt)}`);
  return {
    trueListens: truth.length,
    recorded: seen.length,
    lost: lostPasses.length,
    doubled,
    extra,
    unobservable: counted.length - truth.length,
    latencies: [...matched].map(([p, s]) =>
      Math.max(0, (s.firstSeenAt - showableAt(p.endedAt, outages)) / 1000),
    ),
    startErrors: [...matched].map(([p, s]) => Math.abs(s.startedAt - p.startedAt) / 1000),
    notes,
  };
}

/** Every true listen has appeared (the runner may stop waiting early). */
export function allSeen(passes: Pass[], seen: Seen[]): boolean {
  return score(passes, seen).lost === 0;
}

export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
