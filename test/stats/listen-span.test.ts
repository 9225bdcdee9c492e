import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { defaultRange, listenSpan } from "@/lib/stats/has-listens";
import { createTestUser } from "@/test/helpers/factories";
import { addListen, makeTrack } from "./world";

const DAY = 86_400_000;

describe("the dashboard's default range follows the history", () => {
  it("spans the user's own first and last listen, merged doubles left out", async () => {
    const db = getDb();
    const [user, other] = [await createTestUser(), await createTestUser()];
    const { trackId } = await makeTrack(db);
    expect(await listenSpan(db, user.id)).toBeNull();
    const first = await addListen(db, { userId: user.id, trackId, at: "2019-03-01T10:00:00Z" });
    await addListen(db, { userId: user.id, trackId, at: "2024-06-01T10:00:00Z" });
    await addListen(db, { userId: user.id, trackId, at: "2025-01-01T10:00:00Z", duplicateOf: first });
    await addListen(db, { userId: other.id, trackId, at: "2026-01-01T10:00:00Z" });
    expect(await listenSpan(db, user.id)).toEqual({
      first: "2019-03-01T10:00:00.000Z",
      last: "2024-06-01T10:00:00.000Z",
    });
  });

  it("opens on all time when the last listen is older than 30 days", () => {
    const now = Date.UTC(2026, 11, 6);
    const span = (daysAgo: number) => ({
      first: "2019-01-01T00:00:00Z",
      last: new Date(now - daysAgo * DAY).toISOString(),
    });
    expect(defaultRange(null, now)).toBe("30d");
    expect(defaultRange(span(2), now)).toBe("30d");
    expect(defaultRange(span(29), now)).toBe("30d");
    expect(defaultRange(span(31), now)).toBe("all");
    expect(defaultRange(span(900), now)).toBe("all");
  });
});
