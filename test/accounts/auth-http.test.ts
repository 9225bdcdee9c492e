import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, TEST_PASSWORD, uniqueName } from "@/test/helpers/factories";

describe("POST /api/register", () => {
  it("creates an account with an argon2id hash and answers 201", async () => {
    const c = new TestClient();
    const username = uniqueName("reg");
    const res = await c.json("/api/register", "POST", { username, password: TEST_PASSWORD });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ username });
    const [row] = await getDb().select().from(users).where(eq(users.username, username));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("answers 409 for a taken name, case-insensitively", async () => {
    const c = new TestClient();
    const username = uniqueName("dup");
    await c.json("/api/register", "POST", { username, password: TEST_PASSWORD });
    const res = await c.json("/api/register", "POST", {
      username: username.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ field: "username" });
  });

  it.each([
    [{ username: "ok_name_1", password: "short" }, "password", "too_short"],
    [{ username: "ok_name_2", password: "98765432101" }, "password", "all_digits"],
    [{ username: "ok_name_3", password: "iloveyou" }, "password", "too_common"],
    [{ username: "melodymaker", password: "melodymaker1" }, "password", "too_similar"],
    [{ username: "a", password: TEST_PASSWORD }, "username", undefined],
    [{ username: "bad name!", password: TEST_PASSWORD }, "username", undefined],
  ])("answers 400 naming the failing rule for %o", async (body, field, code) => {
    const res = await new TestClient().json("/api/register", "POST", body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.field).toBe(field);
    if (code) expect(json.code).toBe(code);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await new TestClient().fetch("/api/register", { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
  });

  it("refuses a cross-site form post (CSRF)", async () => {
    const res = await new TestClient().json(
      "/api/register",
      "POST",
      { username: uniqueName(), password: TEST_PASSWORD },
      { origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
  });
});

describe("sign-in", () => {
  it("signs in with the right password and reaches the API", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    const res = await c.signIn(user.username, user.password);
    expect(res.status).toBe(200);
    const me = await c.fetch("/api/me");
    expect(me.status).toBe(200);
    // The original app's URLs end with a slash: served as they are, not redirected.
    const slashed = await c.fetch("/api/user/services/");
    expect(slashed.status).toBe(200);
    expect(await slashed.json()).toMatchObject({ services: [], default: null });
    expect(await me.json()).toMatchObject({ username: user.username });
  });

  it("refuses a wrong password and throttles repeated failures with 429", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    for (let i = 0; i < 5; i++) {
      const res = await c.signIn(user.username, "Wrong-Password-1");
      expect(res.status).toBe(401);
    }
    const blocked = await c.signIn(user.username, user.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await blocked.json()).message).toMatch(/Too many failed sign-in attempts/);
  });

  it("does not let a disabled user in", async () => {
    const user = await createTestUser();
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    const res = await new TestClient().signIn(user.username, user.password);
    expect(res.status).toBe(401);
  });
});

describe("anonymous access", () => {
  it.each(["/api/user/services", "/api/me", "/api/admin/settings", "/api/user/services/"])(
    "%s answers 401 JSON, never a redirect",
    async (path) => {
      const res = await new TestClient().fetch(path);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/json/);
      expect(await res.json()).toEqual({ status: "error", message: "Authentication required" });
    },
  );

  it("pages redirect to /login with next", async () => {
    const res = await new TestClient().fetch("/settings");
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toMatch(/\/login\?next=%2Fsettings$/);
  });

  it("the landing page and health answer without a session", async () => {
    const c = new TestClient();
    expect((await c.fetch("/")).status).toBe(200);
    expect((await c.fetch("/api/health")).status).toBe(200);
  });
});

describe("roles and profile", () => {
  it("non-admins get 403 from admin APIs; admins can close registration", async () => {
    const plain = await createTestUser();
    const c = new TestClient();
    await c.signIn(plain.username, plain.password);
    expect((await c.fetch("/api/admin/settings")).status).toBe(403);

    const admin = await createTestUser({ role: "admin" });
    const a = new TestClient();
    await a.signIn(admin.username, admin.password);
    const closed = await a.json("/api/admin/settings", "PATCH", { registrationOpen: false });
    expect(await closed.json()).toMatchObject({ registrationOpen: false });
    try {
      const res = await new TestClient().json("/api/register", "POST", {
        username: uniqueName(),
        password: TEST_PASSWORD,
      });
      expect(res.status).toBe(403);
    } finally {
      await a.json("/api/admin/settings", "PATCH", { registrationOpen: true });
    }
  });

  it("saves locale and time zone, rejecting an unknown zone with 400", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    await c.signIn(user.username, user.password);
    const ok = await c.json("/api/me", "PATCH", { locale: "ru", timeZone: "Europe/Moscow" });
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie().join(";")).toMatch(/NEXT_LOCALE=ru/);
    const bad = await c.json("/api/me", "PATCH", { timeZone: "Mars/Olympus" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "timeZone" });
  });
});
