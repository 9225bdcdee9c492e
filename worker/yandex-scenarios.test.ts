import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { fakeControls } from "@/test/fakes/remote";
import { sid } from "@/test/fakes/spotify";
import type { YTrack } from "@/test/fakes/yandex";
import { sleep, until } from "@/test/helpers/jobs";
import {
  type RunMode,
  scenarioTrack,
  startScenarioWorker,
  storedListens,
} from "@/test/helpers/scenario-worker";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { yandexUser } from "@/test/helpers/yandex-connect";

/**
 * Yandex scenarios of docs/listening-rules.md §10 end to end, in both run modes: the real worker (its Ynison
 * client over real WebSockets, the state machine, the writer) against the fake Ynison in its service-faithful
 * mode (frames only on change, the player on its own timeline), in real time. Every scenario ends with its
 * queue's end (the last track paused at its duration, no frame after), and every listen must be stored within
 * seconds of its end. All scenarios of a mode run at once, each with a user of its own.
 */
const fakes = fakeControls();
const { ynison } = fakes;
const END_TO_STORED_MS = 6_000;

type Expect = { title: string; counted: boolean; msPlayed?: [number, number]; duplicate?: boolean };
type Scenario = {
  name: string;
  tracks: YTrack[];
  /** The user also has Spotify connected (a fake Spotify user of this id is made for them). */
  spotify?: (spotifyUser: string, t: YTrack[]) => Promise<void>;
  /** Before the worker starts (the state it finds at connect). */
  before?: (uid: number, t: YTrack[]) => Promise<void>;
  play: (uid: number, t: YTrack[], spotifyUser?: string) => Promise<void>;
  expected: (t: YTrack[]) => Expect[];
};

const at = (ms: number) => sleep(ms);
let playStartedAt = 0;

const SCENARIOS: Scenario[] = [
  {
    name: "pause/resume mid-track",
    tracks: [scenarioTrack("Pause", 36), scenarioTrack("After pause", 32)],
    play: async (uid, [a, b]) => {
      await ynison.load(uid, { queue: [a, b].map(q), index: 0 });
      await at(10_000);
      await ynison.pause(uid);
      await at(8_000);
      await ynison.play(uid);
    },
    expected: ([a, b]) => [
      { title: t(a), counted: true, msPlayed: [33_000, 37_000] },
      { title: t(b), counted: true, msPlayed: [30_000, 33_000] },
    ],
  },
  {
    name: "repeat-one",
    tracks: [scenarioTrack("Repeat", 32)],
    play: async (uid, [a]) => {
      await ynison.load(uid, { queue: [q(a)], index: 0, repeat: "ONE" });
      await at(40_000); // into the second play
      await ynison.setRepeat(uid, "NONE");
    },
    expected: ([a]) => [
      { title: t(a), counted: true, msPlayed: [29_000, 33_000] },
      { title: t(a), counted: true, msPlayed: [29_000, 33_000] },
    ],
  },
  {
    name: "seek back",
    tracks: [scenarioTrack("Seek", 40)],
    play: async (uid, [a]) => {
      await ynison.load(uid, { queue: [q(a)], index: 0 });
      await at(25_000);
      await ynison.seek(uid, 15_000);
    },
    expected: ([a]) => [{ title: t(a), counted: true, msPlayed: [48_000, 51_000] }],
  },
  {
    name: "skip",
    tracks: [scenarioTrack("Skipped", 40), scenarioTrack("Played", 32)],
    play: async (uid, [a, b]) => {
      await ynison.load(uid, { queue: [a, b].map(q), index: 0 });
      await at(8_000);
      await ynison.next(uid);
    },
    expected: ([a, b]) => [
      { title: t(a), counted: false, msPlayed: [6_000, 10_000] },
      { title: t(b), counted: true, msPlayed: [30_000, 33_000] },
    ],
  },
  {
    name: "queue end",
    tracks: [scenarioTrack("Last", 33)],
    play: async (uid, [a]) => ynison.load(uid, { queue: [q(a)], index: 0 }),
    expected: ([a]) => [{ title: t(a), counted: true, msPlayed: [31_000, 34_000] }],
  },
  {
    name: "paused queue at connect",
    tracks: [scenarioTrack("Cued", 34)],
    before: (uid, [a]) => ynison.load(uid, { queue: [q(a)], index: 0, paused: true }),
    play: async (uid) => {
      await at(6_000);
      playStartedAt = Date.now();
      await ynison.play(uid);
    },
    expected: ([a]) => [{ title: t(a), counted: true, msPlayed: [32_000, 35_000] }],
  },
  {
    name: "stale first frame",
    tracks: [scenarioTrack("Stale", 200), scenarioTrack("After stale", 33)],
    // A session whose device went away an hour ago, still "playing" (yandex-music-api.md B.7).
    before: (uid, [old]) =>
      ynison.stale(uid, { queue: [q(old)], index: 0, progressMs: 20_000, changedAt: Date.now() - 3_600_000 }),
    play: async (uid, [, b]) => {
      await at(5_000);
      await ynison.load(uid, { queue: [q(b)], index: 0 });
    },
    expected: ([, b]) => [{ title: t(b), counted: true, msPlayed: [31_000, 34_000] }],
  },
  {
    // The case: the same 50 s song played on Spotify and Yandex at once. One listen (§7.1), and the
    // Yandex copy is no 19 s skip.
    name: "cross-source",
    tracks: [scenarioTrack("Cross", 50)],
    spotify: async (spotifyUser, [y]) => {
      const artist = sid("Art", 900 + (Number(y?.id) % 90));
      const track = sid("Trk", 900 + (Number(y?.id) % 90));
      await fakes.spotify.addArtist({ id: artist, name: y?.artists[0]?.name ?? "" });
      await fakes.spotify.addTrack({
        id: track,
        name: y?.title ?? "",
        durationMs: 50_000,
        artistIds: [artist],
        albumId: sid("Alb", 1),
      });
      crossTrack.set(spotifyUser, track);
    },
    play: async (uid, [y], spotifyUser) => {
      await Promise.all([
        fakes.spotify.setPlayer(spotifyUser ?? "", {
          trackId: crossTrack.get(spotifyUser ?? ""),
          progressMs: 0,
        }),
        ynison.load(uid, { queue: [q(y)], index: 0 }),
      ]);
    },
    expected: ([y]) => [
      { title: t(y), counted: true, msPlayed: [47_000, 51_000] },
      { title: t(y), counted: true, msPlayed: [47_000, 51_000], duplicate: true },
    ],
  },
];

const crossTrack = new Map<string, string>();
const q = (track: YTrack | undefined) => ({ id: track?.id ?? "", albumId: "2000001", title: track?.title });
const t = (track: YTrack | undefined) => track?.title ?? "";

describe.each<RunMode>(["inline", "bullmq"])("Yandex scenarios through the real worker (%s)", (mode) => {
  it("pause/resume, repeat-one, seek back, skip, queue end, a paused queue at connect, a stale first frame, the same song on Spotify at once: every listen stored once, within seconds", async () => {
    const runs = await Promise.all(
      SCENARIOS.map(async (sc) => {
        const u = await yandexUser({ prefix: "yscen" });
        for (const track of sc.tracks) await fakes.yandex.addTrack(track);
        await sc.before?.(u.uid, sc.tracks);
        const spotifyUser = sc.spotify ? `yscen-${u.uid}` : undefined;
        if (spotifyUser) {
          await connectSpotifyDirect(getDb(), u.userId, spotifyUser);
          await sc.spotify?.(spotifyUser, sc.tracks);
        }
        return { sc, spotifyUser, ...u };
      }),
    );
    const worker = await startScenarioWorker(mode, [
      ...runs.map((r) => ({ userId: r.userId, provider: "yandex" as const })),
      ...runs.filter((r) => r.spotifyUser).map((r) => ({ userId: r.userId, provider: "spotify" as const })),
    ]);
    try {
      // The sockets go live within a second or two; the plays begin after, as a user's would.
      await sleep(3_000);
      const stored = new Map<number, Map<string, number>>(); // user → listen key → first seen
      let watching = true;
      const watcher = (async () => {
        while (watching) {
          for (const r of runs) {
            const seen = stored.get(r.userId) ?? new Map<string, number>();
            stored.set(r.userId, seen);
            for (const l of await storedListens(r.userId)) {
              const key = `${l.title}|${l.startedAt.getTime()}`;
              if (!seen.has(key)) seen.set(key, Date.now());
            }
          }
          await sleep(250);
        }
      })();
      await Promise.all(runs.map((r) => r.sc.play(r.uid, r.sc.tracks, r.spotifyUser)));
      // Every queue has ended by now or soon; wait for the last listen of each, then a little longer for
      // anything that should not come (a doubled pass, a phantom).
      await until(async () => {
        for (const r of runs)
          if ((await storedListens(r.userId)).length < r.sc.expected(r.sc.tracks).length) return false;
        return true;
      }, 90_000).catch(() => {}); // reported below, scenario by scenario, with what was stored
      await sleep(4_000);
      watching = false;
      await watcher;

      const failures: string[] = [];
      const lateness: number[] = [];
      for (const r of runs) {
        const rows = await storedListens(r.userId);
        // In order of start; copies of one play (one per service) in canonical-first order.
        const order = (x: { duplicate?: boolean }) => (x.duplicate ? 1 : 0);
        const want = r.sc.expected(r.sc.tracks).sort((a, b) => order(a) - order(b));
        const got = rows
          .map((l) => ({
            title: l.title,
            counted: !l.skipped,
            msPlayed: l.msPlayed ?? 0,
            duplicate: l.duplicateOf != null,
          }))
          .sort((a, b) => order(a) - order(b));
        const ok =
          got.length === want.length &&
          want.every((w, i) => {
            const g = got[i];
            if (!g || g.title !== w.title || g.counted !== w.counted) return false;
            if (g.duplicate !== (w.duplicate ?? false)) return false;
            return !w.msPlayed || (g.msPlayed >= w.msPlayed[0] && g.msPlayed <= w.msPlayed[1]);
          });
        if (!ok) failures.push(`${r.sc.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        // Within seconds of its end, and the queue's end had no frame after it.
        const seen = stored.get(r.userId) ?? new Map();
        for (const l of rows) {
          const first = seen.get(`${l.title}|${l.startedAt.getTime()}`);
          const late = first != null && l.endedAt ? first - l.endedAt.getTime() : Number.POSITIVE_INFINITY;
          lateness.push(late);
          // A frame wakes the poll: listens and skipped passes alike within seconds, whatever the cadence.
          if (late > END_TO_STORED_MS)
            failures.push(`${r.sc.name}: ${l.title} stored ${late} ms after its end`);
        }
        const truth = await ynison.truth(r.uid);
        if (truth.log.at(-1)?.kind !== "queue-end")
          failures.push(`${r.sc.name}: the fake's last change was ${truth.log.at(-1)?.kind}`);
        if (r.sc.name === "paused queue at connect") {
          const started = rows[0]?.startedAt.getTime() ?? 0;
          if (Math.abs(started - playStartedAt) > 2_000)
            failures.push(`${r.sc.name}: started ${started - playStartedAt} ms from the play`);
        }
      }
      lateness.sort((a, b) => a - b);
      console.log(
        `[${mode}] end → stored, ms: median ${lateness[Math.floor(lateness.length / 2)]}, max ${lateness.at(-1)} (${lateness.length} rows)`,
      );
      expect(failures).toEqual([]);
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
