import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser } from "@/test/helpers/factories";
import { until } from "@/test/helpers/jobs";
import { connectLastfm, connectLb } from "@/test/helpers/outbox";
import { notePlaying } from "./now-playing";

const db = getDb();
const { listenbrainz: lb, lastfm: fm } = fakeControls();
const track = (title: string) => ({
  provider: "spotify" as const,
  externalId: title,
  title,
  artists: [{ name: "Np Artist" }, { name: "Guest" }],
  album: { title: "Np Album" },
  durationMs: 180_000,
});

describe("now-playing from the pollers", () => {
  it("a newly playing track goes to both targets; a paused one does not", async () => {
    const user = await createTestUser({ prefix: "obnp" });
    const lbUser = await connectLb(db, lb, user.id);
    const fmUser = await connectLastfm(db, user.id);
    notePlaying(db, user.id, { trackKey: "np1", status: "paused", track: track("Paused One") });
    notePlaying(db, user.id, { trackKey: "np2", status: "playing", track: track("Second") });
    await until(
      async () => (await fm.stats(fmUser.name)).nowPlaying && (await lb.stats(lbUser.name)).playingNow,
    );
    expect((await fm.stats(fmUser.name)).nowPlaying).toMatchObject({
      artist: "Np Artist",
      track: "Second",
      album: "Np Album",
    });
    expect((await lb.stats(lbUser.name)).playingNow?.track_metadata).toMatchObject({
      artist_name: "Np Artist, Guest",
      track_name: "Second",
    });
  });
});
