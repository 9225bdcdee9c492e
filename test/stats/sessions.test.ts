import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { statsParams } from "@/lib/stats/params";
import { getSessions } from "@/lib/stats/sessions";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const min = 60_000;
const t0 = Date.parse("2026-03-02T18:00:00Z");

describe("listening sessions (issue #19)", () => {
  it("splits at a pause over 20 minutes after a listen's end, finds the longest and the binges", async () => {
    const db = getDb();
    const user = await createTestUser();
    const [dool, kino] = [uniqueName("dool"), uniqueName("kino")];
    const a = await makeTrack(db, { artists: [dool] });
    const b = await makeTrack(db, { artists: [kino] });
    const play = (at: number, trackId: number, extra: { skipped?: boolean } = {}) =>
      addListen(db, { userId: user.id, trackId, at: new Date(at), msPlayed: 3 * min, ...extra });
    // Session 1: six Dool plays back to back (a binge), 3 min each, gaps of 1 min: 18:00–18:23.
    for (let i = 0; i < 6; i++) await play(t0 + i * 4 * min, a.trackId);
    // 19 min after the last one ended (18:23 → 18:42): still session 1, now Kino; a skip never counts.
    await play(t0 + 42 * min, b.trackId);
    await play(t0 + 44 * min, b.trackId, { skipped: true });
    // 21 min after 18:45: session 2, one listen.
    await play(t0 + 66 * min, b.trackId);

    const s = await getSessions(db, statsParams({ id: user.id, timeZone: "UTC" }, { range: "all" }));
    expect(s.count).toBe(2);
    expect(s.longest).toEqual([
      {
        start: "2026-03-02T18:00:00.000Z",
        end: "2026-03-02T18:45:00.000Z",
        minutes: 45,
        listens: 7,
        top_artist: dool,
      },
      {
        start: "2026-03-02T19:06:00.000Z",
        end: "2026-03-02T19:09:00.000Z",
        minutes: 3,
        listens: 1,
        top_artist: kino,
      },
    ]);
    expect(s.average_minutes).toBe(24);
    expect(s.total_minutes).toBe(24);
    expect(s.binges).toEqual([
      { artist: dool, start: "2026-03-02T18:00:00.000Z", end: "2026-03-02T18:23:00.000Z", plays: 6 },
    ]);
  });

  it("is empty for a user with no listens, and the API checks its parameters", async () => {
    const user = await createTestUser();
    const web = new TestClient();
    expect((await web.fetch("/api/stats/sessions")).status).toBe(401);
    await web.signIn(user.username, user.password);
    const res = await web.fetch("/api/stats/sessions?range=all");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      count: 0,
      average_minutes: 0,
      total_minutes: 0,
      longest: [],
      binges: [],
    });
    const bad = await web.fetch("/api/stats/sessions?range=forever");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("range");
  });
});
