/**
 * Provider drivers: mirror the virtual player into a fake service through its control endpoint
 * (POST /__control), as a real Spotify or Yandex player would show it. One driver per (scenario, provider),
 * each with its own fake account, so scenarios run side by side.
 */
import { randomBytes, randomInt } from "node:crypto";
import type { FakeUrls } from "@/test/fakes";
import { type Remote, remoteControl } from "@/test/fakes/server";
import { type SpotifyControl, sid } from "@/test/fakes/spotify";
import type { YandexControl } from "@/test/fakes/yandex";
import type { YnisonControl } from "@/test/fakes/ynison";
import type { LabTrack, PlayerView } from "./player";
import type { LabUser } from "./user";

export type Provider = "spotify" | "yandex";

export type Controls = {
  spotify: Remote<SpotifyControl>;
  yandex: Remote<YandexControl>;
  ynison: Remote<YnisonControl>;
};

export function controls(urls: FakeUrls): Controls {
  return {
    spotify: remoteControl<SpotifyControl>(urls.spotify),
    yandex: remoteControl<YandexControl>(urls.yandex),
    ynison: remoteControl<YnisonControl>(urls.ynisonControl),
  };
}

/** What the person just did ("tick": a track ended on its own and the next began, or the queue ran out). */
export type Action =
  | "play"
  | "pause"
  | "resume"
  | "seek"
  | "next"
  | "stop"
  | "repeat"
  | "handoff"
  | "private"
  | "tick";

export interface Driver {
  readonly provider: Provider;
  connect(user: LabUser): Promise<void>;
  /** Mirrors the player after `action` into the fake. */
  apply(action: Action, view: PlayerView): Promise<void>;
}

const LAB_ARTIST = { spotify: sid("Art", 9), yandex: 9_000_009, name: "Lab Orchestra" };
const LAB_ALBUM = { spotify: sid("Alb", 2), yandex: 2_009_009, title: "Lab Sessions" };

/** The same lab track on both services (same title and artist, so cross-source matching can see it). */
export const spotifyId = (t: LabTrack) => sid("Lab", Number(t.key.replace(/\D/g, "")));
export const yandexId = (t: LabTrack) => String(30_000_000 + Number(t.key.replace(/\D/g, "")));

export async function registerCatalogue(c: Controls, tracks: LabTrack[]): Promise<void> {
  await c.spotify.addArtist({ id: LAB_ARTIST.spotify, name: LAB_ARTIST.name, genres: ["lab"] });
  for (const t of tracks) {
    if ((t.kind ?? "music") === "music")
      await c.spotify.addTrack({
        id: spotifyId(t),
        name: t.title,
        durationMs: t.durationMs,
        artistIds: [LAB_ARTIST.spotify],
        albumId: LAB_ALBUM.spotify,
      });
    await c.yandex.addTrack({
      id: yandexId(t),
      title: t.title,
      durationMs: t.durationMs,
      type: t.kind === "episode" ? "podcast-episode" : undefined,
      artists: [{ id: LAB_ARTIST.yandex, name: LAB_ARTIST.name }],
      album: { id: LAB_ALBUM.yandex, title: LAB_ALBUM.title },
    });
  }
}

export class SpotifyDriver implements Driver {
  readonly provider = "spotify";
  readonly account = `lab-${randomBytes(5).toString("hex")}`;
  constructor(private c: Controls) {}

  async connect(user: LabUser): Promise<void> {
    await user.connectSpotify(this.account);
  }

  /**
   * The whole state after every change, natural ones too: the fake moves through the queue by itself, and
   * restating where it already is changes nothing; adverts and episodes the lab ends itself.
   */
  async apply(_action: Action, v: PlayerView): Promise<void> {
    const t = v.track;
    if (v.stopped || !t) return void (await this.c.spotify.setPlayer(this.account, null));
    const kind = t.kind ?? "music";
    await this.c.spotify.setPlayer(this.account, {
      type: kind === "music" ? "track" : kind,
      trackId: kind === "ad" ? undefined : spotifyId(t),
      isPlaying: v.playing,
      progressMs: v.positionMs,
      repeat: v.repeatOne ? "track" : "off",
      // The rest of the queue, so the fake moves on by itself exactly when the track ends.
      queue: kind === "music" ? musicAhead(v).map(spotifyId) : [],
      device: { id: v.device, name: v.device, type: "Smartphone", privateSession: v.privateSession },
    });
  }

  /** Web API calls this account made so far (the shared quota the cadence spends). */
  async calls(since = 0): Promise<number> {
    return (await this.callTimes(since)).length;
  }

  async callTimes(since = 0): Promise<number[]> {
    const log = await this.c.spotify.requests({ user: this.account, since });
    return log.filter((r) => r.path.startsWith("/v1/")).map((r) => r.at);
  }
}

/** The music that follows the current item up to the next ad or episode (those the lab plays itself). */
function musicAhead(v: PlayerView): LabTrack[] {
  const ahead = v.queue.slice(v.index + 1);
  const stop = ahead.findIndex((t) => (t.kind ?? "music") !== "music");
  return stop < 0 ? ahead : ahead.slice(0, stop);
}

export class YandexDriver implements Driver {
  readonly provider = "yandex";
  readonly uid = randomInt(1e8, 9e8);
  readonly token = `y0_lab_${this.uid}`;
  constructor(private c: Controls) {}

  async connect(user: LabUser): Promise<void> {
    await this.c.yandex.addAccount({ token: this.token, uid: this.uid });
    await user.connectYandex(this.token);
  }

  /**
   * The service-faithful Ynison fake runs its own timeline (tracks end, the queue moves on, the last track
   * ends paused at its end), so the driver sends only what the person did, as the player app would.
   */
  async apply(action: Action, v: PlayerView): Promise<void> {
    const y = this.c.ynison;
    switch (action) {
      case "tick":
      case "private":
        return;
      case "pause":
        return y.pause(this.uid);
      case "resume":
        return y.play(this.uid);
      case "seek":
        return y.seek(this.uid, v.positionMs);
      case "next":
        return v.stopped ? y.setPlayer(this.uid, null) : y.next(this.uid);
      case "repeat":
        return y.setRepeat(this.uid, v.repeatOne ? "ONE" : "NONE");
      case "stop":
        return y.setPlayer(this.uid, null);
      case "play":
      case "handoff":
        return v.track ? y.load(this.uid, this.state(v)) : y.setPlayer(this.uid, null);
    }
  }

  private state(v: PlayerView) {
    return {
      queue: v.queue.map((q) => ({ id: yandexId(q), albumId: String(LAB_ALBUM.yandex), title: q.title })),
      index: v.index,
      progressMs: v.positionMs,
      durationMs: v.track?.durationMs,
      paused: !v.playing,
      repeat: v.repeatOne ? ("ONE" as const) : ("NONE" as const),
      activeDeviceId: v.device,
      devices: [
        { id: "lab-phone", title: "Phone", type: "ANDROID" },
        { id: "lab-laptop", title: "Laptop", type: "WEB" },
      ],
    };
  }

  /** Change-only pushes that simply stop (and come back): the state still changes, nobody is told. */
  async setPushes(on: boolean): Promise<void> {
    await this.c.ynison.setPushes(this.uid, on);
    if (on) await this.c.ynison.push(this.uid);
  }
}
