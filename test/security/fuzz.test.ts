import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { signedIn } from "@/test/admin/helpers";
import { TestClient } from "@/test/helpers/client";
import { randomAddress } from "./helpers";

/**
 * Property fuzz of every API route (found on disk, so a new route is fuzzed without anyone listing it):
 * random query strings and bodies, as anonymous, user and admin, must never get a 5xx, always get JSON,
 * and a refusal (4xx) must leave the caller's data as it was.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
// A fixed seed by default, so a red run is reproduced by re-running it; FUZZ_SEED (and FUZZ_RUNS) explore.
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Endpoint = { file: string; pattern: string; methods: Method[]; admin: boolean };

function endpoints(): Endpoint[] {
  const found: Endpoint[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") {
        const text = fs.readFileSync(p, "utf8");
        const methods = METHODS.filter((m) =>
          new RegExp(`export (const|async function|function) ${m}\\b`).test(text),
        );
        const pattern = `/${path.relative("app", path.dirname(p))}`;
        found.push({ file: p, pattern, methods, admin: pattern.startsWith("/api/admin") });
      }
    }
  };
  walk("app/api");
  return found;
}

// Values a careless parser trips on: huge and negative numbers, bad dates, NUL, long and odd Unicode.
const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    "0",
    "-1",
    "2147483648",
    "99999999999999999999",
    "1e309",
    "NaN",
    "9999-12-31",
    "2024-13-45",
    "0000-00-00",
    "1969-12-31",
    "a\u0000b",
    "%00",
    "../../etc/passwd",
    "' or 1=1 --",
    "Mars/Olympus",
    "ｔｅｓｔ",
    "x".repeat(5000),
    "[]",
    "{}",
    "spotify",
    "yandex",
    "today",
    "true",
  ),
  fc.integer().map(String),
);
const KEYS = [
  "range",
  "from",
  "to",
  "source",
  "q",
  "page",
  "pageSize",
  "userId",
  "cursor",
  "limit",
  "format",
  "period",
  "id",
  "status",
  "action",
  "kind",
  "skipped",
  "by",
  "username",
  "password",
  "confirm",
  "role",
  "disabled",
  "locale",
  "timeZone",
  "token",
  "keepId",
  "dropId",
  "title",
  "registrationOpen",
  "defaultLocale",
  "trackId",
  "liked",
  "deleteHistory",
  "setupToken",
  "jobId",
  "queue",
  "name",
  "artist",
  "album",
];
const query = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), nasty, {
  maxKeys: 4,
});
const jsonish = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), jsonish, { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom("{", "", "null", "[]", "\u0000", '{"a":'),
);
const segment = fc.oneof(
  nasty,
  fc.constantFrom(
    "1",
    "2147483647",
    "spotify",
    "yandex",
    "signin",
    "signout",
    "session",
    "csrf",
    "providers",
    "callback",
  ),
);

type Case = { method: Method; url: string; body?: string; json: boolean };

let total = 0;
const failures: string[] = [];

async function fingerprint(userId: number): Promise<string> {
  const rows = await getDb().execute(sql`select
    (select row(username, password_hash, role, locale, time_zone, disabled_at, session_version)::text from users where id = ${userId}) as me,
    (select count(*) from listens where user_id = ${userId}) as listens,
    (select count(*) from likes where user_id = ${userId}) as likes,
    (select count(*) from connections where user_id = ${userId}) as connections,
    (select count(*) from imports where user_id = ${userId}) as imports`);
  return JSON.stringify(rows[0]);
}

async function probe(client: TestClient, userId: number | null, c: Case): Promise<void> {
  const before = userId ? await fingerprint(userId) : "";
  const headers: Record<string, string> = { "x-forwarded-for": randomAddress() };
  if (c.body !== undefined) headers["content-type"] = c.json ? "application/json" : "text/plain";
  const res = await client.fetch(c.url, { method: c.method, headers, body: c.body });
  total++;
  const type = res.headers.get("content-type") ?? "";
  const text = await res.text();
  const where = `${c.method} ${c.url} ${c.body?.slice(0, 80) ?? ""} → ${res.status}`;
  if (res.status >= 500) failures.push(`5xx: ${where} ${text.slice(0, 200)}`);
  const download = res.status === 200 && /attachment/.test(res.headers.get("content-disposition") ?? "");
  // Next's own answers before any handler runs: 308 to the path with "//" collapsed (still under /api/),
  // and 405 for a method the route does not have. next-auth's browser flows (sign-in, sign-out pages)
  // redirect by protocol, always to our own origin.
  const location = res.headers.get("location") ?? "";
  const target = location ? new URL(location, client.baseUrl) : null;
  const sameOrigin = target?.origin === new URL(client.baseUrl).origin;
  const framework =
    (res.status === 308 && sameOrigin && target?.pathname.startsWith("/api/")) ||
    (res.status >= 300 && res.status < 400 && sameOrigin && c.url.startsWith("/api/auth/")) ||
    // next-auth's own confirmation page for a signed-in browser (GET /api/auth/signout): a page by design.
    (res.status === 200 &&
      c.method === "GET" &&
      /^\/api\/auth\/signout(\?|$)/.test(c.url) &&
      type.includes("text/html")) ||
    res.status === 405;
  if (!download && !framework && res.status !== 204 && !type.includes("json"))
    failures.push(`not JSON (${type}): ${where}`);
  if (userId && res.status >= 400 && res.status < 500 && (await fingerprint(userId)) !== before)
    failures.push(`changed data on refusal: ${where}`);
}

function caseFor(e: Endpoint) {
  return fc
    .record({
      method: fc.constantFrom(...e.methods),
      segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
      query,
      body: fc.option(body, { nil: undefined }),
    })
    .map(({ method, segments, query: q, body: b }): Case => {
      let i = 0;
      const p = e.pattern.replace(/\[(\.\.\.)?[^\]]+\]/g, () =>
        encodeURIComponent(segments[i++ % segments.length] ?? "x"),
      );
      const qs = new URLSearchParams(q).toString();
      const send =
        method === "GET"
          ? undefined
          : typeof b === "string"
            ? b
            : b === undefined
              ? undefined
              : JSON.stringify(b);
      return {
        method,
        url: qs ? `${p}?${qs}` : p,
        body: send,
        json: typeof b !== "string" || Math.random() < 0.5,
      };
    });
}

describe("issue 16: property fuzz of every API route", () => {
  let user: { client: TestClient; id: number };
  let admin: { client: TestClient; id: number };
  beforeAll(async () => {
    const u = await signedIn("user");
    const a = await signedIn("admin");
    user = { client: u.client, id: u.user.id };
    admin = { client: a.client, id: a.user.id };
  });
  afterAll(() => {
    console.log(`security fuzz: ${total} cases, ${failures.length} failures`);
  });

  for (const e of endpoints()) {
    if (!e.methods.length) continue;
    it(`${e.pattern}: never a 5xx, always JSON, nothing changed on refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(caseFor(e), fc.constantFrom("anonymous", "user", "admin"), async (c, who) => {
          // Admins only read: a random write could close registration or disable another test's user.
          const as = who === "admin" && (c.method !== "GET" || !e.admin) ? "user" : who;
          const client = as === "anonymous" ? new TestClient() : as === "user" ? user.client : admin.client;
          const id = as === "anonymous" ? null : as === "user" ? user.id : admin.id;
          const before = failures.length;
          await probe(client, id, c);
          return failures.length === before;
        }),
        { numRuns: RUNS, endOnFailure: true, seed: SEED },
      );
    }, 180_000);
  }

  it("the fuzz ran", () => {
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThan(0);
  });
});
