import fs from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { safeNext } from "@/lib/safe-next";
import { signedIn } from "@/test/admin/helpers";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { attemptSignIn, randomAddress } from "./helpers";

describe("issue 16 · medium/low: redirects, downloads, deployment, headers", () => {
  it.each([
    "/%09/evil.example",
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/%5C%5Cevil.example",
    "https://evil.example",
  ])("no open redirect through next=%s", async (next) => {
    expect(safeNext(decodeURIComponent(next))).not.toMatch(/^\/\/|evil\.example\/?$|^https?:/);
    const user = await createTestUser();
    const c = new TestClient();
    await attemptSignIn(c, user.username, user.password, { address: randomAddress() });
    const res = await c.fetch(`/login?next=${encodeURIComponent(next)}`);
    const location = res.headers.get("location") ?? "";
    expect(new URL(location, c.baseUrl).origin).toBe(new URL(c.baseUrl).origin);
    expect(location).not.toMatch(/[\t\n\r]|^\/\/|^\/\\/);
  });

  it.each(["/genre/a%", "/artist/%E0%A4%A", "/api/stats/summary%zz"])(
    "a broken %%-escape in %s is a 400 that says so, never a bare 500",
    async (path) => {
      const res = await new TestClient().fetch(path);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/broken %-escape/);
    },
  );

  it("exports download for Cyrillic and CJK usernames (RFC 6266 filename*)", async () => {
    for (const name of [`Алиса_${Date.now().toString(36)}`, `音楽_${Date.now().toString(36)}`]) {
      const { user, client } = await signedIn("user");
      await getDb().update(users).set({ username: name }).where(eq(users.id, user.id));
      const res = await client.fetch("/api/export?format=csv");
      expect(res.status).toBe(200);
      const cd = res.headers.get("content-disposition") ?? "";
      expect(cd).toContain(`filename*=UTF-8''musictrace-${encodeURIComponent(name)}`);
      expect(cd).toMatch(/filename="musictrace-[\x20-\x7e]+"/);
      await res.body?.cancel();
    }
  });

  it(".dockerignore keeps secrets out of the image; compose publishes on loopback; the app listens on loopback", () => {
    const ignore = fs.readFileSync(".dockerignore", "utf8").split("\n");
    expect(ignore).toContain(".env*");
    const compose = parse(fs.readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
      services: { web: { ports: string[] } };
    };
    for (const p of compose.services.web.ports)
      expect(p).toMatch(/^\$\{BIND:-127\.0\.0\.1\}:|^127\.0\.0\.1:/);
    const saved = process.env.HOST;
    delete process.env.HOST;
    resetEnvCache();
    try {
      expect(env().HOST).toBe("127.0.0.1");
    } finally {
      if (saved !== undefined) process.env.HOST = saved;
      resetEnvCache();
    }
  });

  it("pages carry a CSP without inline scripts (a per-request nonce) and API JSON is never stored", async () => {
    const c = new TestClient();
    const page = await c.fetch("/login");
    const csp = page.headers.get("content-security-policy") ?? "";
    const script = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
    expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(script).not.toContain("unsafe-inline");
    const html = await page.text();
    const nonce = /'nonce-([^']+)'/.exec(script)?.[1];
    // Every inline script of the page carries the nonce.
    for (const tag of html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [])
      expect(tag).toContain(`nonce="${nonce}"`);
    const again = (await c.fetch("/login")).headers.get("content-security-policy");
    expect(again).not.toBe(csp);

    const { client } = await signedIn("admin");
    for (const p of ["/api/me", "/api/admin/users", "/api/nope"]) {
      const res = await client.fetch(p);
      expect(res.headers.get("cache-control"), p).toMatch(/private/);
      expect(res.headers.get("cache-control"), p).toMatch(/no-store|no-cache/);
    }
    expect((await client.fetch("/api/admin/users")).headers.get("cache-control")).toBe("private, no-store");
    expect((await new TestClient().fetch("/api/me")).headers.get("cache-control")).toBe("private, no-store");
  });

  it("the service worker copies neither the admin area nor no-store answers", () => {
    const sw = fs.readFileSync("public/sw.js", "utf8");
    expect(sw).toMatch(/\/api\/admin\//);
    expect(sw).toMatch(/no-store/);
  });

  it("a foreign Origin is refused even when X-Forwarded-Host claims it", async () => {
    const { client } = await signedIn("user");
    const res = await client.json(
      "/api/me",
      "PATCH",
      { locale: "en" },
      { origin: "https://evil.example", "x-forwarded-host": "evil.example", host: "evil.example" },
    );
    expect(res.status).toBe(403);
    expect((await client.json("/api/me", "PATCH", { locale: "en" }, { origin: client.baseUrl })).status).toBe(
      200,
    );
  });

  it("/api/health tells anonymous callers only ok or not", async () => {
    const anon = await (await new TestClient().fetch("/api/health")).json();
    expect(anon).toEqual({ status: "ok" });
    const { client } = await signedIn("admin");
    expect(Object.keys(await (await client.fetch("/api/health")).json()).length).toBeGreaterThan(1);
  });
});
