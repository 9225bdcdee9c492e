/**
 * The scenarios of listening-rules.md §10, in real time with short tracks (25–60 s). Each one plays what
 * a person would; the truth (which passes are listens) comes from the virtual player, so a scenario states
 * no expectations of its own. Most connect right after the player starts (the connection's first poll or
 * frame sees it playing); connect-then-play is the one that connects to an idle player.
 */
import type { LabTrack } from "./player";
import type { Scenario } from "./runner";

const s = 1000;
const t = (n: number, title: string, durationMs: number, kind?: LabTrack["kind"]): LabTrack => ({
  key: `lab${n}`,
  title,
  durationMs,
  kind,
});

export const TRACKS = {
  a: t(1, "Lab Aurora", 40 * s),
  b: t(2, "Lab Breeze", 45 * s),
  c: t(3, "Lab Cascade", 35 * s),
  d: t(4, "Lab Drift", 50 * s),
  e: t(5, "Lab Ember", 60 * s),
  f: t(6, "Lab Fjord", 42 * s),
  short: t(7, "Lab Interlude", 25 * s),
  ad: t(8, "Lab Advert", 15 * s, "ad"),
  episode: t(9, "Lab Podcast", 40 * s, "episode"),
};
const { a, b, c, d, e, f } = TRACKS;

export const SCENARIOS: Scenario[] = [
  {
    name: "normal-play",
    about: "three tracks back to back, then the player is closed",
    targets: ["spotify", "yandex"],
    fast: true,
    async run({ player, connect, wait }) {
      await player.play([a, b, c]);
      await connect();
      await wait((a.durationMs + b.durationMs + c.durationMs) / s + 2);
      await player.stop();
    },
  },
  {
    name: "skips",
    about: "skip at 20 % (no listen), skip at 60 % (listen), the last played out",
    targets: ["spotify", "yandex"],
    async run({ player, connect, wait }) {
      await player.play([a, b, c]);
      await connect();
      await wait(8);
      await player.next();
      await wait(27);
      await player.next();
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "short-track",
    about: "a 25 s track played fully is no listen; the next one is",
    targets: ["spotify", "yandex"],
    async run({ player, connect }) {
      await player.play([TRACKS.short, c]);
      await connect();
      await player.untilEnd();
      await new Promise((r) => setTimeout(r, 500));
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "pause-short",
    about: "paused 20 s mid-track, resumed: one listen, the original start",
    targets: ["spotify", "yandex"],
    fast: true,
    async run({ player, connect, wait }) {
      await player.play([d, a]);
      await connect();
      await wait(15);
      await player.pause();
      await wait(20);
      await player.resume();
      await wait((d.durationMs + a.durationMs) / s - 15 + 2);
      await player.stop();
    },
  },
  {
    name: "pause-3min",
    about: "paused 3 minutes mid-track (the 6 h cap needs a lab clock: not run)",
    targets: ["spotify", "yandex"],
    async run({ player, connect, wait }) {
      await player.play([c]);
      await connect();
      await wait(10);
      await player.pause();
      await wait(180);
      await player.resume();
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "hand-off",
    about: "paused on the phone, resumed on the laptop; later moved back while playing",
    targets: ["spotify", "yandex"],
    async run({ player, connect, wait }) {
      await player.play([d, b]);
      await connect();
      await wait(20);
      await player.pause();
      await wait(5);
      await player.handOff("lab-laptop");
      await player.resume();
      await player.untilEnd(-15);
      await player.handOff("lab-phone");
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "repeat-one",
    about: "one track three times on repeat-one, then the next",
    targets: ["spotify", "yandex"],
    fast: true,
    async run({ player, connect, wait }) {
      await player.repeatOne(true);
      await player.play([c, a]);
      await connect();
      await wait((2 * c.durationMs) / s + 10);
      await player.repeatOne(false);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "seeks",
    about: "seek back 10 s (1 listen); forward 5→45 s (none); back to 0 after 76 % (2 listens)",
    targets: ["spotify", "yandex"],
    async run({ player, connect, wait }) {
      await player.play([e, d, f]);
      await connect();
      await wait(25);
      await player.seek(15 * s);
      await player.untilEnd(-0.5);
      await wait(5);
      await player.seek(45 * s);
      await player.untilEnd(-0.5);
      await wait(32);
      await player.seek(0);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "token-expiry",
    about: "the access token expires mid-track (401 → one refresh)",
    targets: ["spotify"],
    async run({ player, connect, wait, spotify, controls }) {
      await player.play([d, a]);
      await connect();
      await wait(15);
      if (spotify) await controls.spotify.expireAccessTokens(spotify.account);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "private-session",
    about: "a track in a private session (nothing), then one in public",
    targets: ["spotify"],
    async run({ player, connect }) {
      await player.setPrivate(true);
      await player.play([a]);
      await connect();
      await player.untilEnd(-1);
      await player.stop(); // closed while still private: Spotify never shows that play
      await player.setPrivate(false);
      await player.play([c]);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "ads-podcasts",
    about: "an advert (Spotify) and a podcast episode between tracks: no listen for either",
    targets: ["spotify", "yandex"],
    async run({ player, connect, wait, target }) {
      const { ad, episode } = TRACKS;
      await player.play(target === "spotify" ? [a, ad, episode, c] : [a, episode, c]);
      await connect();
      await wait(
        (a.durationMs + episode.durationMs + c.durationMs) / s + (target === "spotify" ? 15 : 0) + 2,
      );
      await player.stop();
    },
  },
  {
    name: "pushes-stop",
    about: "Ynison pushes stop at 0:15 of a 60 s track and come back 20 s into the next",
    targets: ["yandex"],
    async run({ player, connect, wait, yandex }) {
      await player.play([e, f]);
      await connect();
      await wait(15);
      await yandex?.setPushes(false);
      await wait(45 + 20);
      await yandex?.setPushes(true);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "queue-end",
    about: "the queue's last track plays to its end; the player then stands paused at the end",
    targets: ["spotify", "yandex"],
    fast: true,
    async run({ player, connect, wait }) {
      await player.play([c, a]);
      await connect();
      await wait((c.durationMs + a.durationMs) / s + 2);
    },
  },
  {
    name: "connect-then-play",
    about: "connected while the player is idle; plays start 45 s later (a pause, a seek back)",
    targets: ["spotify", "yandex"],
    fast: true,
    async run({ player, connect, wait }) {
      await connect();
      await wait(45);
      await player.play([a, b, c]);
      await player.untilEnd(-0.5);
      await wait(15);
      await player.pause();
      await wait(10);
      await player.resume();
      await wait(10);
      await player.seek(15 * s);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "cross-source",
    about: "the same tracks on Spotify and Yandex at once: one listen each",
    targets: ["both"],
    async run({ player, connect, wait }) {
      await player.play([d, c]);
      await connect();
      await wait((d.durationMs + c.durationMs) / s + 2);
      await player.stop();
    },
  },
  // ---- scenarios that break the app or its services run alone ------------------------------------
  {
    name: "restart-mid-track",
    about: "the app is stopped (Ctrl-C) at 0:10 of a 60 s track and started again 15 s later",
    targets: ["spotify", "yandex"],
    exclusive: true,
    async run({ player, connect, wait, disrupt }) {
      await player.play([e, f]);
      await connect();
      await wait(10);
      await disrupt?.restartApp(15 * s);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "restart-across-changes",
    about: "the app is down 70 s across two track changes",
    targets: ["spotify", "yandex"],
    exclusive: true,
    async run({ player, connect, wait, disrupt }) {
      await player.play([a, c, b, f]);
      await connect();
      await wait(10);
      await disrupt?.restartApp(70 * s);
      await wait(Math.max(0, (a.durationMs + c.durationMs + b.durationMs + f.durationMs) / s - 10));
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "kill9-mid-track",
    about: "the app is killed (kill -9) at 0:10 of a 60 s track and started again 10 s later",
    targets: ["spotify", "yandex"],
    modes: ["bullmq"],
    exclusive: true,
    async run({ player, connect, wait, disrupt }) {
      await player.play([e, f]);
      await connect();
      await wait(10);
      await disrupt?.restartApp(10 * s, { kill: true });
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "redis-restart",
    about: "Redis restarted (down 15 s) mid-track",
    targets: ["spotify", "yandex"],
    modes: ["bullmq"],
    exclusive: true,
    async run({ player, connect, wait, disrupt }) {
      await player.play([e, f]);
      await connect();
      await wait(15);
      await disrupt?.restartRedis?.(15 * s);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "postgres-outage",
    about: "PostgreSQL refuses and drops connections for 15 s mid-track",
    targets: ["spotify", "yandex"],
    modes: ["bullmq"],
    exclusive: true,
    async run({ player, connect, wait, disrupt }) {
      await player.play([e, f]);
      await connect();
      await wait(15);
      await disrupt?.postgresOutage?.(15 * s);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
  {
    name: "spotify-429",
    about: "429 with Retry-After: 30 just before a track change",
    targets: ["spotify"],
    exclusive: true,
    async run({ player, connect, spotify, controls }) {
      await player.play([c, a, b]);
      await connect();
      await player.untilEnd(2);
      if (spotify)
        await controls.spotify.failNext({
          path: "/v1/me/player",
          user: spotify.account,
          status: 429,
          retryAfter: 30,
        });
      await player.untilEnd(-0.5);
      await player.untilEnd(-0.5);
      await player.untilEnd(-2);
      await player.stop();
    },
  },
];
