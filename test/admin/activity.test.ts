import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections, imports } from "@/db/schema";
import { createTestUser } from "@/test/helpers/factories";
import { auditFor, countWhere, seedListens, seedTrack, signedIn } from "./helpers";

type Listen = { id: number; startedAt: string; source: string };

describe("admin: activity", () => {
  it("pages listens with a keyset cursor and filters by user, source and date", async () => {
    const { client } = await signedIn("admin");
    const u = await createTestUser();
    const t = await seedTrack();
    // Two listens share one start time so the cursor's id tiebreak is exercised.
    await seedListens(u.id, t.id, 5, { start: new Date("2025-04-01T10:00:00Z") });
    await seedListens(u.id, t.id, 1, { start: new Date("2025-04-01T10:02:00Z"), source: "yandex" });
    const seen: Listen[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await (
        await client.fetch(`/api/admin/listens?userId=${u.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`)
      ).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((l) => l.id)).size).toBe(6);
    const times = seen.map((l) => l.startedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const yandex = await (await client.fetch(`/api/admin/listens?userId=${u.id}&source=yandex`)).json();
    expect(yandex.items).toHaveLength(1);
    const ranged = await (
      await client.fetch(
        `/api/admin/listens?userId=${u.id}&from=2025-04-01T10:01:00Z&to=2025-04-01T10:03:30Z`,
      )
    ).json();
    expect(ranged.items).toHaveLength(4);
    expect((await client.fetch("/api/admin/listens?cursor=garbage")).status).toBe(400);
  });

  it("deletes selected listens and nothing else", async () => {
    const { client } = await signedIn("admin");
    const u = await createTestUser();
    const t = await seedTrack();
    const rows = await seedListens(u.id, t.id, 4);
    const ids = rows.slice(0, 2).map((r) => r.id);
    const res = await client.json("/api/admin/listens", "DELETE", { ids });
    expect(await res.json()).toMatchObject({ deleted: 2 });
    expect(await countWhere("listens", "user_id", u.id)).toBe(2);
    // The stats rollups follow the delete (triggers on listens), so the dashboards stay exact.
    const [rollup] = (await getDb().execute(
      sql`select sum(plays)::int as plays from listen_hourly where user_id = ${u.id}`,
    )) as unknown as { plays: number }[];
    expect(rollup?.plays).toBe(2);
    expect(await auditFor("listens:2")).not.toHaveLength(0);
  });

  it("lists imports with reports and connections without any token column", async () => {
    const { client } = await signedIn("admin");
    const u = await createTestUser();
    await getDb()
      .insert(imports)
      .values({
        userId: u.id,
        kind: "spotify_extended",
        fileName: "history.zip",
        fileSha256: "ab",
        status: "done",
        report: [{ row: 3, reason: "no track name" }],
      });
    await getDb()
      .insert(connections)
      .values({
        userId: u.id,
        provider: "yandex",
        accessTokenEnc: "SECRET-CIPHERTEXT-A",
        refreshTokenEnc: "SECRET-CIPHERTEXT-R",
        status: "error",
        lastError: "401 from Yandex",
        consentAt: new Date("2026-06-01T00:00:00Z"),
      });
    const imp = await (await client.fetch(`/api/admin/imports?userId=${u.id}`)).json();
    expect(imp.items[0]).toMatchObject({ fileName: "history.zip", reportTotal: 1, report: [{ row: 3 }] });
    const res = await client.fetch(`/api/admin/connections?userId=${u.id}`);
    const text = await res.text();
    expect(text).not.toMatch(/SECRET-CIPHERTEXT|accessToken|refreshToken/);
    // The consent time lets the list show when a Spotify connection must be renewed.
    expect(JSON.parse(text).items[0]).toMatchObject({
      status: "error",
      lastError: "401 from Yandex",
      consentAt: "2026-06-01T00:00:00.000Z",
    });
    const sched = await client.fetch("/api/admin/jobs/schedulers");
    expect(await sched.text()).not.toMatch(/SECRET-CIPHERTEXT/);
  });

  it("audit log pages newest first and filters by action", async () => {
    const { client } = await signedIn("admin");
    const page = await (await client.fetch("/api/admin/audit?pageSize=1")).json();
    expect(page.items.length).toBeLessThanOrEqual(1);
    expect(typeof page.total).toBe("number");
    await client.json("/api/admin/settings", "PATCH", { defaultLocale: "en" });
    const settings = await (await client.fetch("/api/admin/audit?action=settings.")).json();
    expect(settings.items[0]).toMatchObject({ action: "settings.update", after: { defaultLocale: "en" } });
  });
});
