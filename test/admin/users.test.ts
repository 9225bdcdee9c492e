import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections, users } from "@/db/schema";
import { adminUpdateUser } from "@/lib/admin/users";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, TEST_PASSWORD, uniqueName } from "@/test/helpers/factories";
import { auditFor, seedLike, seedListens, seedTrack, signedIn } from "./helpers";

describe("admin: users", () => {
  it("lists with search, sort and server-side paging", async () => {
    const { client } = await signedIn("admin");
    const prefix = uniqueName("zz");
    for (const n of ["c", "a", "b"])
      await client.json("/api/admin/users", "POST", { username: `${prefix}${n}`, password: TEST_PASSWORD });
    const page1 = await (await client.fetch(`/api/admin/users?q=${prefix}&pageSize=2&sort=username`)).json();
    expect(page1.total).toBe(3);
    expect(page1.items.map((u: { username: string }) => u.username)).toEqual([`${prefix}a`, `${prefix}b`]);
    const page2 = await (await client.fetch(`/api/admin/users?q=${prefix}&pageSize=2&page=2`)).json();
    expect(page2.items.map((u: { username: string }) => u.username)).toEqual([`${prefix}c`]);
    const desc = await (await client.fetch(`/api/admin/users?q=${prefix}&sort=username&dir=desc`)).json();
    expect(desc.items[0].username).toBe(`${prefix}c`);
    expect((await client.fetch("/api/admin/users?sort=nope")).status).toBe(400);
  });

  it("creates users with the password rules and logs it", async () => {
    const { client, user: admin } = await signedIn("admin");
    const weak = await client.json("/api/admin/users", "POST", {
      username: uniqueName(),
      password: "12345678",
    });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ field: "password", code: "all_digits" });
    const username = uniqueName("new");
    const res = await client.json("/api/admin/users", "POST", { username, password: TEST_PASSWORD });
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(
      (await client.json("/api/admin/users", "POST", { username, password: TEST_PASSWORD })).status,
    ).toBe(409);
    expect(await auditFor(`user:${made.id}`)).toMatchObject([{ action: "user.create", actorId: admin.id }]);
    expect((await new TestClient().signIn(username, TEST_PASSWORD)).status).toBe(200);
  });

  it("disables (no sign-in, session cut, schedulers gone) and re-enables a user", async () => {
    const { client } = await signedIn("admin");
    const target = await createTestUser();
    const theirs = new TestClient();
    await theirs.signIn(target.username, target.password);
    const off = await client.json(`/api/admin/users/${target.id}`, "PATCH", { disabled: true });
    expect(off.status).toBe(200);
    expect((await off.json()).disabledAt).not.toBeNull();
    expect((await theirs.fetch("/api/me")).status).toBe(401);
    expect((await new TestClient().signIn(target.username, target.password)).status).toBe(401);
    const on = await client.json(`/api/admin/users/${target.id}`, "PATCH", { disabled: false });
    expect((await on.json()).disabledAt).toBeNull();
    expect((await new TestClient().signIn(target.username, target.password)).status).toBe(200);
    const log = await auditFor(`user:${target.id}`);
    expect(log.map((l) => l.action)).toEqual(["user.disable", "user.enable"]);
    expect(log[0]?.before).toMatchObject({ disabledAt: null });
  });

  it("promotes and demotes; refuses to disable or delete yourself", async () => {
    const { client, user: me } = await signedIn("admin");
    const target = await createTestUser();
    const up = await client.json(`/api/admin/users/${target.id}`, "PATCH", { role: "admin" });
    expect(await up.json()).toMatchObject({ role: "admin" });
    const down = await client.json(`/api/admin/users/${target.id}`, "PATCH", { role: "user" });
    expect(await down.json()).toMatchObject({ role: "user" });
    const disableSelf = await client.json(`/api/admin/users/${me.id}`, "PATCH", { disabled: true });
    expect(disableSelf.status).toBe(409);
    expect(JSON.stringify(await disableSelf.json())).toMatch(/cannot disable your own account/);
    // Deleting oneself is refused the same way, even with the typed confirmation.
    const deleteSelf = await client.json(`/api/admin/users/${me.id}`, "DELETE", { confirm: me.username });
    expect(deleteSelf.status).toBe(409);
    expect(JSON.stringify(await deleteSelf.json())).toMatch(/cannot delete your own account/);
    expect((await client.json(`/api/admin/users/999999999`, "PATCH", { role: "user" })).status).toBe(404);
  });

  it("never demotes, disables or deletes the last enabled admin", async () => {
    const admin = await createTestUser({ role: "admin" });
    const actor = await createTestUser();
    // Inside a transaction that is rolled back, so the other test files' admins are untouched.
    const outcome = await getDb()
      .transaction(async (tx) => {
        await tx.execute(sql`update users set role = 'user' where role = 'admin' and id <> ${admin.id}`);
        const demote = await adminUpdateUser(tx, actor.id, admin.id, { role: "user" }).catch((e) => e);
        const disable = await adminUpdateUser(tx, actor.id, admin.id, { disabled: true }).catch((e) => e);
        throw Object.assign(new Error("rollback"), { results: [demote, disable] });
      })
      .catch((e: { results: unknown[] }) => e.results);
    for (const r of outcome) expect(r).toMatchObject({ status: 409 });
    const [still] = await getDb().select().from(users).where(eq(users.id, admin.id));
    expect(still?.role).toBe("admin");
  });

  it("resets a password under the same rules", async () => {
    const { client } = await signedIn("admin");
    const target = await createTestUser();
    const bad = await client.json(`/api/admin/users/${target.id}/password`, "POST", { password: "short" });
    expect(await bad.json()).toMatchObject({ field: "password", code: "too_short" });
    const fresh = "Another-Good-Tune-9";
    expect(
      (await client.json(`/api/admin/users/${target.id}/password`, "POST", { password: fresh })).status,
    ).toBe(200);
    expect((await new TestClient().signIn(target.username, target.password)).status).toBe(401);
    expect((await new TestClient().signIn(target.username, fresh)).status).toBe(200);
    const [entry] = await auditFor(`user:${target.id}`);
    expect(JSON.stringify(entry)).not.toMatch(/argon2|Another-Good/);
  });

  it("deletes a user and all their data after a typed confirmation, leaving others' counts alone", async () => {
    const { client } = await signedIn("admin");
    const target = await createTestUser();
    const other = await createTestUser();
    const track = await seedTrack();
    await seedListens(target.id, track.id, 7);
    await seedListens(other.id, track.id, 3);
    await seedLike(target.id, track.id, new Date());
    await getDb().insert(connections).values({ userId: target.id, provider: "spotify", accessTokenEnc: "x" });
    const total = async () =>
      (
        (await getDb().execute(
          sql`select count(*)::int as n from listens where track_id = ${track.id}`,
        )) as unknown as {
          n: number;
        }[]
      )[0]?.n;
    expect(await total()).toBe(10);

    const wrong = await client.json(`/api/admin/users/${target.id}`, "DELETE", { confirm: "nope" });
    expect(wrong.status).toBe(400);
    expect(await total()).toBe(10);
    const res = await client.json(`/api/admin/users/${target.id}`, "DELETE", { confirm: target.username });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deleted: { listens: 7, likes: 1, connections: 1 } });
    expect(await total()).toBe(3);
    expect(await getDb().select().from(users).where(eq(users.id, target.id))).toEqual([]);
    expect(await auditFor(`user:${target.id}`)).toMatchObject([{ action: "user.delete" }]);
  });
});
