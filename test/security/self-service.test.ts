import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listens, users } from "@/db/schema";
import { seedListens, seedTrack } from "@/test/admin/helpers";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { attemptSignIn, copyOf, randomAddress } from "./helpers";

async function session() {
  const user = await createTestUser();
  const client = new TestClient();
  expect(
    (await attemptSignIn(client, user.username, user.password, { address: randomAddress() })).status,
  ).toBe(200);
  return { user, client, other: copyOf(client) };
}

describe("issue 16: self-service in Settings", () => {
  it("changes the password after checking the current one, and ends every session", async () => {
    const { user, client, other } = await session();
    const wrong = await client.json("/api/me/password", "POST", {
      currentPassword: "nope-nope-1",
      newPassword: "Fresh-Melody-42",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ field: "currentPassword", code: "wrong_password" });
    const weak = await client.json("/api/me/password", "POST", {
      currentPassword: user.password,
      newPassword: "short",
    });
    expect(await weak.json()).toMatchObject({ field: "newPassword", code: "too_short" });
    const ok = await client.json("/api/me/password", "POST", {
      currentPassword: user.password,
      newPassword: "Fresh-Melody-42",
    });
    expect(ok.status).toBe(200);
    expect((await other.fetch("/api/me")).status).toBe(401);
    expect((await client.fetch("/api/me")).status).toBe(401);
    const address = randomAddress();
    expect((await attemptSignIn(new TestClient(), user.username, user.password, { address })).status).toBe(
      401,
    );
    expect(
      (await attemptSignIn(new TestClient(), user.username, "Fresh-Melody-42", { address })).status,
    ).toBe(200);
  });

  it("signs out everywhere", async () => {
    const { client, other } = await session();
    expect((await client.fetch("/api/me/sessions", { method: "DELETE" })).status).toBe(200);
    expect((await other.fetch("/api/me")).status).toBe(401);
  });

  it("deletes the account and all its data after the username and password, offering the export", async () => {
    const { user, client } = await session();
    const track = await seedTrack();
    await seedListens(user.id, track.id, 3);
    expect((await client.fetch("/api/export?format=json")).status).toBe(200);
    const mismatch = await client.json("/api/me", "DELETE", {
      confirm: "someone",
      currentPassword: user.password,
    });
    expect(await mismatch.json()).toMatchObject({ field: "confirm" });
    const wrong = await client.json("/api/me", "DELETE", {
      confirm: user.username,
      currentPassword: "nope-nope-1",
    });
    expect(await wrong.json()).toMatchObject({ field: "currentPassword" });
    expect((await getDb().select().from(users).where(eq(users.id, user.id))).length).toBe(1);
    const ok = await client.json("/api/me", "DELETE", {
      confirm: user.username,
      currentPassword: user.password,
    });
    expect(ok.status).toBe(200);
    expect(await getDb().select().from(users).where(eq(users.id, user.id))).toEqual([]);
    expect(await getDb().select().from(listens).where(eq(listens.userId, user.id))).toEqual([]);
    expect((await client.fetch("/api/me")).status).toBe(401);
  });

  it("wrong current passwords are limited like sign-in guesses", async () => {
    const { client } = await session();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await client.json("/api/me/password", "POST", {
            currentPassword: `wrong-${i}-xx`,
            newPassword: "Fresh-Melody-42",
          })
        ).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
