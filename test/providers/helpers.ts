/** Shared steps of the provider HTTP tests: a signed-in client, and Spotify connected through the real flow. */
import { expect } from "vitest";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, uniqueName } from "@/test/helpers/factories";

export async function signedIn() {
  const user = await createTestUser();
  const client = new TestClient();
  const res = await client.signIn(user.username, user.password);
  expect(res.status).toBeLessThan(400);
  return { user, client };
}

/** /spotify/connect → fake consent (as `spotifyUser`, or denied) → the app's callback; returns its redirect. */
export async function spotifyFlow(
  client: TestClient,
  spotifyUser = uniqueName("sp"),
  opts: { deny?: boolean } = {},
) {
  const start = await client.fetch("/spotify/connect");
  expect(start.status).toBe(307);
  const authorize = new URL(start.headers.get("location") ?? "");
  authorize.searchParams.set("fake_user", spotifyUser);
  if (opts.deny) authorize.searchParams.set("fake_action", "deny");
  const consent = await fetch(authorize, { redirect: "manual" });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get("location") ?? "");
  const done = await client.fetch(callback.pathname + callback.search);
  return { authorize, callback, done, location: done.headers.get("location") ?? "", spotifyUser };
}
