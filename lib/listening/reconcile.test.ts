import { describe, expect, it } from "vitest";
import {
  album,
  listensOf,
  MIN,
  runScript,
  S,
  type Segment,
  type SimState,
  simTrack,
} from "@/test/helpers/player-sim";
import { type HistoryEntry, type KnownListen, reconcile } from "./reconcile";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => T0 + ms;

const ids = new Map<string, number>();
const idOf = (key: string) => {
  if (!ids.has(key)) ids.set(key, ids.size + 1);
  return ids.get(key) ?? 0;
};

/** What Spotify's recently-played would list for a script: plays of ≥ 30 s, stamped at their END. */
function historyOf(script: Segment[], until: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const [i, seg] of script.entries()) {
    if (seg.status !== "playing" || !seg.track) continue;
    const stop = Math.min(script[i + 1]?.at ?? until, until);
    const dur = seg.track.durationMs;
    let t = seg.at - (seg.pos ?? 0);
    do {
      const end = Math.min(t + dur, stop);
      if (end - Math.max(t, seg.at) >= 30 * S && end <= until)
        out.push({ trackId: idOf(seg.track.key), playedAt: end, durationMs: dur });
      t += dur;
    } while (seg.repeatOne && t < stop);
  }
  return out.reverse(); // newest first, as Spotify returns them
}

/** The live passes of a sim as stored listens. */
function stored(st: SimState): KnownListen[] {
  return st.passes.map((p, i) => ({
    id: i + 1,
    trackId: idOf(p.trackKey),
    origin: "live",
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    skipped: !p.counts,
    spotifyPlayedAt: null,
    duplicateOf: null,
    unseenHeadMs: p.unseenHeadMs,
  }));
}

/** Applies a result to the stored listens the way write-history.ts does. */
function applyResult(
  listens: KnownListen[],
  items: HistoryEntry[],
  r: ReturnType<typeof reconcile>,
): KnownListen[] {
  const next = listens.map((l) => ({ ...l }));
  for (const m of r.matched) {
    const l = next.find((x) => x.id === m.listenId);
    if (l) l.spotifyPlayedAt = items[m.index]?.playedAt ?? null;
  }
  for (const ins of r.inserts) {
    const h = items[ins.index];
    if (!h) continue;
    next.push({
      id: next.length + 1,
      trackId: h.trackId,
      origin: "history",
      startedAt: ins.startedAt,
      endedAt: ins.endedAt,
      skipped: false,
      spotifyPlayedAt: h.playedAt,
      duplicateOf: ins.duplicateOf,
    });
  }
  return next;
}

const counted = (ls: KnownListen[]) => ls.filter((l) => !l.skipped && l.duplicateOf == null);

describe("reconciliation (§5)", () => {
  it("1: end-stamped played_at of a normally watched album adds nothing", () => {
    const script = album(at(3 * S), [simTrack("a", 200 * S), simTrack("b", 245 * S), simTrack("c", 170 * S)]);
    const st = runScript(script, { from: at(0), to: at(12 * MIN), every: 10 * S });
    const items = historyOf(script, at(12 * MIN));
    const r = reconcile({ items, listens: stored(st), cursor: null });
    expect(items).toHaveLength(3);
    expect(r.matched).toHaveLength(3);
    expect(r.inserts).toHaveLength(0);
    expect(r.cursor).toBe(Math.max(...items.map((i) => i.playedAt)));
  });

  it("3: a 25 s track is not created by reconciliation", () => {
    const r = reconcile({
      items: [{ trackId: idOf("short"), playedAt: at(25 * S), durationMs: 25 * S }],
      listens: [],
      cursor: null,
    });
    expect(r.inserts).toHaveLength(0);
    expect(r.ignored).toEqual([0]);
  });

  it("a matched skipped pass writes nothing", () => {
    const r = reconcile({
      items: [{ trackId: 7, playedAt: at(100 * S), durationMs: 200 * S }],
      listens: [
        {
          id: 1,
          trackId: 7,
          origin: "live",
          startedAt: at(0),
          endedAt: at(90 * S),
          skipped: true,
          spotifyPlayedAt: null,
          duplicateOf: null,
        },
      ],
      cursor: null,
    });
    expect(r.matchedSkipped).toEqual([0]);
    expect(r.inserts).toHaveLength(0);
  });

  it("connected mid-track: the first track, a skip by what we saw, is the listen Spotify counted", () => {
    // The player was 2:30 into a 3:20 track when we first looked; we watched the last 50 s only.
    const script = album(at(-150 * S), [simTrack("mid", 200 * S), simTrack("next", 180 * S)]);
    const st = runScript(script, { from: at(0), to: at(5 * MIN), every: 10 * S });
    const live = stored(st);
    expect(live.map((l) => [l.trackId, l.skipped])).toEqual([
      [idOf("mid"), true],
      [idOf("next"), false],
    ]);
    const items = historyOf(script, at(5 * MIN));
    const r = reconcile({ items, listens: live, cursor: null });
    expect(r.matchedSkipped).toEqual([]);
    expect(r.inserts.map((i) => items[i.index]?.trackId)).toEqual([idOf("mid")]);
    expect(
      counted(applyResult(live, items, r))
        .map((l) => l.trackId)
        .sort(),
    ).toEqual([idOf("mid"), idOf("next")].sort());
    // and once recorded, running it again adds nothing
    const again = reconcile({ items, listens: applyResult(live, items, r), cursor: null });
    expect(again.inserts).toHaveLength(0);
  });

  it("6b: a 45 s track ×4 on repeat at 60 s polls → 4 listens in total, no duplicates", () => {
    const t = simTrack("r45", 45 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing", repeatOne: true },
      { at: at(180 * S), status: "none" },
    ];
    const st = runScript(script, { from: at(0), to: at(10 * MIN), every: 60 * S });
    const items = historyOf(script, at(10 * MIN));
    expect(items).toHaveLength(4);
    const listens = stored(st);
    const r = reconcile({ items, listens, cursor: null });
    const after = applyResult(listens, items, r);
    expect(counted(after)).toHaveLength(4);
    expect(listensOf(st).length + r.inserts.filter((i) => i.duplicateOf == null).length).toBe(4);
  });

  it("8b: worker down 5 min across two track changes → unseen plays from history, re-running is a no-op", () => {
    const tracks = [
      simTrack("a", 180 * S),
      simTrack("b", 120 * S),
      simTrack("c", 150 * S),
      simTrack("d", 200 * S),
    ];
    const script = album(at(0), tracks);
    const st = runScript(script, {
      from: at(-5 * S),
      to: at(15 * MIN),
      every: 10 * S,
      down: (x) => (x > at(100 * S) && x < at(400 * S) ? "skip" : false),
    });
    const items = historyOf(script, at(15 * MIN));
    const listens = stored(st);
    const r1 = reconcile({ items, listens, cursor: at(-60 * MIN) });
    expect(r1.inserts.map((i) => items[i.index]?.trackId)).toEqual([idOf("b")]);
    expect(r1.inserts[0]?.duplicateOf).toBeNull();
    const after = applyResult(listens, items, r1);
    expect(
      counted(after)
        .map((l) => l.trackId)
        .sort(),
    ).toEqual(["a", "b", "c", "d"].map(idOf).sort());
    // History listens never overlap the live ones they sit between.
    const b = after.find((l) => l.origin === "history");
    const a = after.find((l) => l.trackId === idOf("a"));
    expect(b && a && b.startedAt >= (a.endedAt ?? 0)).toBe(true);

    const r2 = reconcile({ items, listens: after, cursor: r1.cursor });
    expect(r2.inserts).toHaveLength(0);
    expect(r2.matched).toHaveLength(0);
    expect(r2.known).toHaveLength(4);
  });

  it("two back-to-back plays of one track stay two (13b)", () => {
    const t = simTrack("twice", 200 * S);
    const script: Segment[] = [
      { at: at(0), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(200 * S), device: "d", track: t, pos: 0, status: "playing" },
      { at: at(400 * S), status: "none" },
    ];
    const st = runScript(script, { from: at(-5 * S), to: at(10 * MIN), every: 10 * S });
    expect(listensOf(st)).toHaveLength(2);
    const items = historyOf(script, at(10 * MIN));
    const r = reconcile({ items, listens: stored(st), cursor: null });
    expect(r.matched.map((m) => m.listenId).sort()).toEqual([1, 2]);
    expect(r.inserts).toHaveLength(0);
  });

  it("records a gap when a full page is newer than the cursor", () => {
    const items: HistoryEntry[] = Array.from({ length: 50 }, (_, i) => ({
      trackId: 1000 + i,
      playedAt: at((i + 1) * 200 * S),
      durationMs: 190 * S,
    }));
    expect(reconcile({ items, listens: [], cursor: at(0) }).gap).toBe(true);
    expect(reconcile({ items, listens: [], cursor: at(250 * S) }).gap).toBe(false);
    expect(reconcile({ items: items.slice(0, 49), listens: [], cursor: at(0) }).gap).toBe(false);
  });
});
