/**
 * Runs one row: a scenario for one provider (or both at once) in one run mode, for a fresh user, while
 * watching `/api/stats/recent` as that user; then scores what appeared against what was really played.
 */
import type { Action, Controls, Driver, Provider } from "./drivers";
import { SpotifyDriver, YandexDriver } from "./drivers";
import { storedListens } from "./evidence";
import { type LabTrack, VirtualPlayer } from "./player";
import { clock, type Outage, type Score, type Seen, score } from "./score";
import { sleep } from "./services";
import { failed } from "./table";
import { LabUser } from "./user";

export type Mode = "inline" | "bullmq";
export type Target = Provider | "both";

/** Breaking the world: only in scenarios that run alone (every other user would feel it too). */
export type Disruptions = {
  restartApp(downMs: number, opts?: { kill?: boolean }): Promise<void>;
  restartRedis?(downMs: number): Promise<void>;
  postgresOutage?(downMs: number): Promise<void>;
};

/** The person's player: every action changes the truth and is mirrored to the provider(s) at once. */
export class LabPlayer {
  readonly truth = new VirtualPlayer();
  private ticker: NodeJS.Timeout;
  private syncing = Promise.resolve();

  constructor(private drivers: Driver[]) {
    // Tracks end on their own; the fakes are told at once (a Ynison push, the Spotify player's next item).
    this.ticker = setInterval(() => {
      if (this.truth.advance()) void this.sync("tick");
    }, 100);
  }

  private sync(action: Action): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const view = this.truth.view();
      await Promise.all(this.drivers.map((d) => d.apply(action, view)));
    });
    return this.syncing;
  }

  private act(action: Action, change: (p: VirtualPlayer) => void): Promise<void> {
    change(this.truth);
    return this.sync(action);
  }

  play = (queue: LabTrack[], opts?: { positionMs?: number; paused?: boolean }) =>
    this.act("play", (p) => p.play(queue, opts));
  pause = () => this.act("pause", (p) => p.pause());
  resume = () => this.act("resume", (p) => p.resume());
  seek = (positionMs: number) => this.act("seek", (p) => p.seek(positionMs));
  next = () => this.act("next", (p) => p.next());
  stop = () => this.act("stop", (p) => p.stop());
  repeatOne = (on: boolean) => this.act("repeat", (p) => p.setRepeatOne(on));
  handOff = (device: string) => this.act("handoff", (p) => p.handOff(device));
  setPrivate = (on: boolean) => this.act("private", (p) => p.setPrivate(on));

  /** Resolves when the current track has `secondsLeft` to go (negative: that long after its end). */
  async untilEnd(secondsLeft = 0): Promise<void> {
    const v = this.truth.view();
    if (!v.track || !v.playing) return;
    await sleep(Math.max(0, v.track.durationMs - v.positionMs - secondsLeft * 1000));
  }

  close(): void {
    clearInterval(this.ticker);
  }
}

export type ScenarioContext = {
  target: Target;
  mode: Mode;
  player: LabPlayer;
  spotify?: SpotifyDriver;
  yandex?: YandexDriver;
  controls: Controls;
  /** Connects the user's service(s) through the app (immediate first observation of the player). */
  connect(): Promise<void>;
  wait(seconds: number): Promise<void>;
  disrupt?: Disruptions;
};

export type Scenario = {
  name: string;
  /** What the scenario checks, one line (printed with --list). */
  about: string;
  targets: Target[];
  modes?: Mode[];
  /** Part of `--fast`. */
  fast?: boolean;
  /** Breaks the app or its services: runs alone. */
  exclusive?: boolean;
  run(ctx: ScenarioContext): Promise<void>;
};

export type Row = {
  scenario: string;
  target: Target;
  mode: Mode;
  score?: Score;
  error?: string;
  /** Spotify Web API calls while the row played, and its listening time. */
  spotifyCalls?: number;
  listenedMs: number;
};

export type RowOptions = {
  appUrl: string;
  controls: Controls;
  mode: Mode;
  disrupt?: Disruptions;
  /** How long after the last true listen ended to keep looking for it (and for doubles). */
  settleMs: number;
  /** The app's database, read only to explain a failed row. */
  databaseUrl: () => Promise<string>;
};

export async function runRow(s: Scenario, target: Target, o: RowOptions): Promise<Row> {
  const row: Row = { scenario: s.name, target, mode: o.mode, listenedMs: 0 };
  const user = new LabUser(o.appUrl, `${s.name}${target}`);
  const spotify = target !== "yandex" ? new SpotifyDriver(o.controls) : undefined;
  const yandex = target !== "spotify" ? new YandexDriver(o.controls) : undefined;
  const drivers = [spotify, yandex].filter((d): d is SpotifyDriver | YandexDriver => !!d);
  const player = new LabPlayer(drivers);
  const seen = new Map<number, Seen>();
  const outages: Outage[] = [];
  // Spotify's recently-played gives back what played while the app was down; Yandex has nothing like it.
  const history = { history: target !== "yandex" };
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      await look(user, seen).catch(() => {}); // the app may be restarting
      await sleep(2000);
    }
  })();
  try {
    await user.signUp();
    const began = Date.now();
    await s.run({
      target,
      mode: o.mode,
      player,
      spotify,
      yandex,
      controls: o.controls,
      connect: async () => {
        for (const d of drivers) await d.connect(user);
      },
      wait: (seconds) => sleep(seconds * 1000),
      disrupt: s.exclusive && o.disrupt ? timed(o.disrupt, outages) : undefined,
    });
    row.spotifyCalls = await spotify?.calls(began);
    const passes = player.truth.passes;
    row.listenedMs = passes.reduce((sum, p) => sum + p.listenedMs, 0);
    const lastEnd = Math.max(Date.now(), ...passes.map((p) => p.endedAt));
    // Wait for the true listens (and a little longer for anything counted twice), at most settleMs.
    const minWait = Date.now() + 15_000;
    while (Date.now() < lastEnd + o.settleMs) {
      if (Date.now() > minWait && score(passes, [...seen.values()], outages, history).lost === 0) break;
      await sleep(1000);
    }
    watching = false;
    await watcher;
    // What the user sees now: a listen that appeared and later went away (merged, deleted) no longer counts.
    const present = new Set(await look(user, seen));
    const vanished = [...seen.values()].filter((l) => !present.has(l.id));
    row.score = score(
      passes,
      [...seen.values()].filter((l) => present.has(l.id)),
      outages,
      history,
    );
    for (const l of vanished) row.score.notes.push(`appeared, then vanished: ${l.title} (${l.source})`);
    if (failed(row)) {
      row.score.notes.push(
        ...passes.map(
          (p) =>
            `played: ${p.track.title} ${clock(p.startedAt)}–${clock(p.endedAt)} heard ${(p.listenedMs / 1000).toFixed(0)} s`,
        ),
      );
      row.score.notes.push(
        ...(await storedListens(await o.databaseUrl(), user.username).catch((e) => [`(no database: ${e})`])),
      );
    }
  } catch (err) {
    row.error = err instanceof Error ? err.message : String(err);
  } finally {
    watching = false;
    player.close();
  }
  return row;
}

/** The same disruptions, each noting when it began and when the app or service was back. */
function timed(d: Disruptions, outages: Outage[]): Disruptions {
  const during =
    <A extends unknown[]>(f: (...a: A) => Promise<void>, app = false) =>
    async (...a: A) => {
      const from = Date.now();
      await f(...a);
      outages.push({ from, to: Date.now(), app });
    };
  return {
    restartApp: during(d.restartApp, true),
    restartRedis: d.restartRedis && during(d.restartRedis),
    postgresOutage: d.postgresOutage && during(d.postgresOutage),
  };
}

/** Records listens not seen before (with the time they first appeared); returns the ids present now. */
async function look(user: LabUser, seen: Map<number, Seen>): Promise<number[]> {
  const now = Date.now();
  const recent = await user.recent();
  for (const l of recent) {
    if (seen.has(l.listen_id)) continue;
    seen.set(l.listen_id, {
      id: l.listen_id,
      title: l.title,
      startedAt: Date.parse(l.played_at),
      source: l.source,
      firstSeenAt: now,
    });
  }
  return recent.map((l) => l.listen_id);
}
