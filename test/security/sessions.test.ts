import { describe, expect, it } from "vitest";
import { signedIn } from "@/test/admin/helpers";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { attemptSignIn, copyOf, randomAddress, signOut } from "./helpers";

async function session() {
  const user = await createTestUser();
  const client = new TestClient();
  expect(
    (await attemptSignIn(client, user.username, user.password, { address: randomAddress() })).status,
  ).toBe(200);
  return { user, client, stolen: copyOf(client) };
}

describe("issue 16 · medium: sessions can be revoked", () => {
  it("a copy of the token stops working after sign-out", async () => {
    const { client, stolen } = await session();
    expect((await stolen.fetch("/api/me")).status).toBe(200);
    expect((await signOut(client)).status).toBe(200);
    expect((await stolen.fetch("/api/me")).status).toBe(401);
    // Pages too: the signed-in layout sends it to the login page.
    const page = await stolen.fetch("/settings");
    expect(page.status).toBe(307);
  });

  it("an admin's password reset ends every session of the account", async () => {
    const { user, stolen } = await session();
    const { client: admin } = await signedIn("admin");
    const reset = await admin.json(`/api/admin/users/${user.id}/password`, "POST", {
      password: "Brand-New-Tune-77",
    });
    expect(reset.status).toBe(200);
    expect((await stolen.fetch("/api/me")).status).toBe(401);
  });
});
