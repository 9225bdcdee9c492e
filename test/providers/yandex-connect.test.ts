import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { fakeControls } from "@/test/fakes/remote";
import { signedIn } from "./helpers";

const fakes = fakeControls();

async function yandexAccount() {
  const uid = randomInt(1e8, 9e8);
  const token = `y0_AgAAAA${uid}secret`;
  await fakes.yandex.addAccount({ token, uid, login: `anna${uid}` });
  return { uid, token };
}

async function rows(userId: number) {
  return (await getDb().execute(
    sql`select access_token_enc, external_id, external_name from connections where user_id = ${userId} and provider = 'yandex'`,
  )) as unknown as { access_token_enc: string; external_id: string; external_name: string }[];
}

describe("Connecting Yandex Music over HTTP", () => {
  it("rejects an invalid token with 400 and stores nothing", async () => {
    const { client, user } = await signedIn();
    const res = await client.json("/api/services/yandex", "POST", { token: "y0_definitely_not_valid" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: "error", field: "token", code: "invalid_token" });
    expect(await rows(user.id)).toHaveLength(0);
    const empty = await client.json("/api/services/yandex", "POST", { token: "   " });
    expect(empty.status).toBe(400);
  });

  it("verifies, stores encrypted, never echoes the token, and disconnects", async () => {
    const { client, user } = await signedIn();
    const { uid, token } = await yandexAccount();
    const res = await client.json("/api/services/yandex", "POST", { token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(token);
    const [row] = await rows(user.id);
    expect(row).toMatchObject({ external_id: String(uid), external_name: `anna${uid}` });
    expect(row?.access_token_enc).not.toContain(token);
    const page = await (await client.fetch("/yandex/connect")).text();
    expect(page).not.toContain(token);
    expect(page).toContain('name="token"');
    const del = await client.fetch("/api/services/yandex", { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await rows(user.id)).toHaveLength(0);
    expect((await client.fetch("/api/services/yandex", { method: "DELETE" })).status).toBe(404);
    expect((await client.fetch("/api/services/lastfm", { method: "DELETE" })).status).toBe(400);
  });

  it("refuses a cross-site POST", async () => {
    const { client } = await signedIn();
    const { token } = await yandexAccount();
    const res = await client.json(
      "/api/services/yandex",
      "POST",
      { token },
      { origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
  });
});
