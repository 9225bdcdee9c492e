import { describe, expect, it } from "vitest";
import { db, freshClock, poll, setup } from "@/test/helpers/listening-db";
import { album, MIN, S, simTrack } from "@/test/helpers/player-sim";
import { noteActivity, pollIsClose } from "./activity";
import { loadState } from "./stored-state";

// listening-rules.md §8: an idle player is polled on a cadence that backs off from the last activity.
describe("noteActivity (DB)", () => {
  it("puts a connection never seen playing on the quick cadence instead of the 5-minute heartbeat", async () => {
    const idle = album(0, []);
    const untouched = await setup();
    const t0 = freshClock();
    const [before] = await poll(untouched, idle, [t0]);
    expect(before?.nextPollInMs).toBe(5 * MIN);

    const connected = await setup();
    await noteActivity(db(), connected, "spotify", t0);
    const [first, later] = await poll(connected, idle, [t0 + 1 * S, t0 + 6 * MIN]);
    expect(first?.nextPollInMs).toBe(15 * S);
    // ... and backs off from there as after any activity
    expect(later?.nextPollInMs).toBe(60 * S);
  });

  it("never moves the activity back, and keeps the sessions a poll wrote", async () => {
    const userId = await setup();
    const t0 = freshClock();
    await poll(userId, album(t0, [simTrack("n1", 200 * S)]), [t0 + 5 * S]);
    await noteActivity(db(), userId, "spotify", t0 + 60 * S);
    await noteActivity(db(), userId, "spotify", t0 + 30 * S);
    const state = await loadState(db(), userId, "spotify");
    expect(state.meta?.lastActivityAt).toBe(t0 + 60 * S);
    expect(state.sessions.map((s) => s.pass?.trackKey)).toEqual(["n1"]);
  });

  it("tells whether the next poll is close (a page that sees playback wakes the poller only then)", async () => {
    const userId = await setup();
    const t0 = freshClock();
    expect(await pollIsClose(db(), userId, "spotify", t0)).toBe(false);
    await poll(userId, album(0, []), [t0]);
    expect(await pollIsClose(db(), userId, "spotify", t0 + 1 * S)).toBe(false);
    await poll(userId, album(t0, [simTrack("c1", 200 * S)]), [t0 + 10 * S]);
    expect(await pollIsClose(db(), userId, "spotify", t0 + 11 * S)).toBe(true);
  });
});
