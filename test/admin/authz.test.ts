import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "@/test/helpers/client";
import { signedIn } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../../app/api/admin");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every (path, method) under app/api/admin, found on disk so a new route cannot skip this test. */
function adminRoutes(dir = ROOT): [string, string][] {
  const found: [string, string][] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...adminRoutes(full));
    else if (entry.name === "route.ts") {
      const source = fs.readFileSync(full, "utf8");
      const url = `/api/admin/${path.relative(ROOT, dir)}`
        .replace(/\/$/, "")
        .replace(/\[\.{0,3}[^\]]+\]/g, "1");
      for (const m of METHODS) {
        if (new RegExp(`export (const|async function) ${m}\\b`).test(source)) found.push([url, m]);
      }
    }
  }
  return found;
}

const routes = adminRoutes();

describe("admin API authorisation", () => {
  let user: TestClient;
  beforeAll(async () => {
    user = (await signedIn("user")).client;
  });

  it("finds the admin routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes).toContainEqual(["/api/admin/users", "GET"]);
  });

  it.each(routes)("%s %s answers 401 to anonymous requests", async (url, method) => {
    const res = await new TestClient().json(url, method, method === "GET" ? undefined : {});
    expect(res.status).toBe(401);
  });

  it("admin pages are a plain 404 for non-admins and a login redirect for anonymous visitors", async () => {
    for (const page of ["/admin", "/admin/users", "/admin/jobs"]) {
      expect((await user.fetch(page)).status).toBe(404);
      expect((await new TestClient().fetch(page)).status).toBe(307);
    }
  });

  it.each(routes)("%s %s answers 403 to signed-in non-admins", async (url, method) => {
    const res = await user.json(url, method, method === "GET" ? undefined : {});
    expect(res.status).toBe(403);
  });
});
