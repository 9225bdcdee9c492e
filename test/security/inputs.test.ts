import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { signedIn } from "@/test/admin/helpers";
import { TestClient } from "@/test/helpers/client";
import { TEST_PASSWORD } from "@/test/helpers/factories";
import { makeZip } from "@/test/helpers/zip";
import { randomAddress } from "./helpers";

const STATS = ["summary", "overview", "top", "activity", "heatmap", "calendar", "recent"];

async function expectField(res: Response, status: number, field: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/json/);
  expect(await res.json()).toMatchObject({ field });
}

describe("issue 16 · low: bad input is a JSON 4xx naming the field", () => {
  it.each(STATS)("stats/%s refuses dates outside 1970–2100 and dates that do not exist", async (name) => {
    const { client } = await signedIn("user");
    await expectField(await client.fetch(`/api/stats/${name}?to=9999-12-31`), 400, "to");
    await expectField(await client.fetch(`/api/stats/${name}?from=1969-12-31`), 400, "from");
    await expectField(await client.fetch(`/api/stats/${name}?from=2024-13-45`), 400, "from");
    await expectField(await client.fetch(`/api/stats/${name}?from=2023-02-29`), 400, "from");
    expect((await client.fetch(`/api/stats/${name}?from=2024-02-29`)).status).toBe(200);
  });

  it("ids above int4 are refused, never a database error", async () => {
    const { client } = await signedIn("admin");
    const big = "2147483648";
    await expectField(
      await client.fetch(`/api/admin/users/${big}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "user" }),
      }),
      400,
      "id",
    );
    await expectField(await client.fetch(`/api/admin/listens?userId=${big}`), 400, "userId");
    await expectField(await client.fetch(`/api/admin/imports?userId=99999999999999`), 400, "userId");
    await expectField(await client.fetch(`/api/tracks/${big}`), 400, "id");
  });

  it("NUL bytes in search strings and bodies are refused", async () => {
    const { client } = await signedIn("admin");
    await expectField(await client.fetch("/api/admin/users?q=a%00b"), 400, "q");
    await expectField(await client.fetch("/api/admin/audit?action=a%00b"), 400, "action");
    await expectField(await client.fetch("/api/history?q=%00"), 400, "q");
    await expectField(
      await client.json("/api/me", "PATCH", { timeZone: "Europe/\u0000Moscow" }),
      400,
      "timeZone",
    );
  });

  it("a time zone PostgreSQL does not know is refused (and stats keep working)", async () => {
    const { client } = await signedIn("user");
    // Known to the ICU data of Node, not to PostgreSQL's tz database.
    const zones = ["EST5EDT", "America/Ciudad_Juarez", "Europe/Kyiv", "Pacific/Kanton"];
    for (const tz of zones) {
      const res = await client.json("/api/me", "PATCH", { timeZone: tz });
      expect([200, 400]).toContain(res.status);
      expect((await client.fetch("/api/stats/summary")).status).toBe(200);
    }
    await expectField(await client.json("/api/me", "PATCH", { timeZone: "Mars/Olympus" }), 400, "timeZone");
  });

  it("multipart without a boundary is a 400 and leaves no upload folder behind", async () => {
    const { client, user } = await signedIn("user");
    const dir = path.join(env().DATA_DIR, "uploads");
    const mine = () =>
      fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => d.startsWith(`${user.id}-`)) : [];
    const res = await client.fetch("/api/imports", {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: "--x\r\n\r\n",
    });
    await expectField(res, 400, "file");
    expect(mine()).toEqual([]);
  });

  it("a ZIP whose declared sizes lie is refused with a 400", async () => {
    const { client } = await signedIn("user");
    const rows = JSON.stringify(
      Array.from({ length: 2000 }, (_, i) => ({
        ts: `2024-01-01T00:${String(i % 60).padStart(2, "0")}:00Z`,
        ms_played: 200000,
        master_metadata_track_name: `Song ${i}`,
        master_metadata_album_artist_name: "A",
      })),
    );
    for (const declaredSize of [10, rows.length * 3]) {
      const zip = makeZip([
        {
          name: "Spotify Extended Streaming History/Streaming_History_Audio_2024.json",
          data: rows,
          declaredSize,
        },
      ]);
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(zip)]), "my_spotify_data.zip");
      const res = await client.fetch("/api/imports", { method: "POST", body: form });
      expect(res.status, `declared ${declaredSize}`).toBeLessThan(500);
      if (res.status !== 202) expect(await res.json()).toMatchObject({ field: "file" });
    }
  });

  it("uploaded files are readable by the app's user only", async () => {
    const { client, user } = await signedIn("user");
    const form = new FormData();
    form.append("file", new Blob(["artist,album,title,date\n"]), "scrobbles.csv");
    await client.fetch("/api/imports", { method: "POST", body: form });
    const dir = path.join(env().DATA_DIR, "uploads");
    for (const d of fs.readdirSync(dir).filter((n) => n.startsWith(`${user.id}-`))) {
      expect(fs.statSync(path.join(dir, d)).mode & 0o077).toBe(0);
      for (const f of fs.readdirSync(path.join(dir, d)))
        expect(fs.statSync(path.join(dir, d, f)).mode & 0o077).toBe(0);
    }
  });

  it("look-alike usernames are the same name (NFKC, case-folded)", async () => {
    const base = `alice${Date.now().toString(36)}`;
    const c = new TestClient();
    const address = randomAddress();
    const first = await c.json(
      "/api/register",
      "POST",
      { username: base, password: TEST_PASSWORD },
      { "x-forwarded-for": address },
    );
    expect(first.status).toBe(201);
    const wide = [...base]
      .map((ch) => String.fromCodePoint((ch.codePointAt(0) ?? 0) + 0xfee0 * (/[a-z0-9]/.test(ch) ? 1 : 0)))
      .join("");
    const res = await c.json(
      "/api/register",
      "POST",
      { username: wide.toUpperCase(), password: TEST_PASSWORD },
      { "x-forwarded-for": address },
    );
    expect(res.status).toBe(409);
  });

  it("unknown /api/ paths answer JSON 404", async () => {
    const { client } = await signedIn("user");
    for (const p of ["/api/nope", "/api/stats/nope", "/api/admin/nope/deeper"]) {
      const res = await client.fetch(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("content-type"), p).toMatch(/json/);
    }
  });
});
