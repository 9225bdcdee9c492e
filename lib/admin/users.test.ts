import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections } from "@/db/schema";
import { encrypt } from "@/lib/crypto";
import { seedListens, seedTrack } from "@/test/admin/helpers";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { listUsers, userListQuery } from "./users";

describe("admin user list", () => {
  it("shows the latest listen and every connected service, Yandex included", async () => {
    const prefix = uniqueName("ulist");
    const user = await createTestUser({ prefix });
    const track = await seedTrack();
    // An old import year and a recent live play: the column must show the recent one.
    await seedListens(user.id, track.id, 3, { start: new Date("2024-03-01T10:00:00Z"), source: "import" });
    const recent = new Date(Date.now() - 3_600_000);
    await seedListens(user.id, track.id, 1, { start: recent, source: "yandex" });
    for (const provider of ["yandex", "spotify"] as const)
      await getDb()
        .insert(connections)
        .values({ userId: user.id, provider, accessTokenEnc: encrypt("t") });

    const page = await listUsers(getDb(), userListQuery.parse({ q: user.username }));
    const row = page.items.find((u) => u.id === user.id);
    expect(row && Date.parse(row.lastListenAt ?? "")).toBe(recent.getTime());
    expect(row?.providers).toEqual(["spotify", "yandex"]);
  });
});
