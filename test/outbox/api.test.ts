import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeControls } from "@/test/fakes/remote";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";

/** The outbox's HTTP surface on the running app: validation, ownership, the Last.fm web auth, no secrets out. */
const { listenbrainz: lb } = fakeControls();

async function signedIn() {
  const u = await createTestUser({ prefix: "obapi" });
  const client = new TestClient();
  await client.signIn(u.username, u.password);
  return { ...u, client };
}

describe("/api/outbox", () => {
  it("connects ListenBrainz with a token LB accepts, shows status without the token, and disconnects", async () => {
    const { client } = await signedIn();
    expect((await client.fetch("/api/outbox")).status).toBe(200);
    const bad = await client.json("/api/outbox/listenbrainz", "POST", { token: "nope" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "token" });
    expect((await client.json("/api/outbox/listenbrainz", "POST", {})).status).toBe(400);
    expect((await client.json("/api/outbox/spotify", "POST", { token: "x" })).status).toBe(400);
    const token = randomBytes(16).toString("hex");
    await lb.addUser(token, "api-user");
    const ok = await client.json("/api/outbox/listenbrainz", "POST", { token });
    expect(ok.status).toBe(201);
    const status = await (await client.fetch("/api/outbox")).text();
    expect(status).toContain("api-user");
    expect(status).not.toContain(token);
    expect(JSON.parse(status)).toMatchObject({
      lastfmAvailable: true,
      targets: [{ kind: "listenbrainz", backlog: 0 }],
    });
    expect((await client.json("/api/outbox/listenbrainz/backfill", "POST", {})).status).toBe(202);
    // Another user sees none of it and cannot back-fill a target they do not have.
    const other = await signedIn();
    expect(await (await other.client.fetch("/api/outbox")).json()).toMatchObject({ targets: [] });
    expect((await other.client.json("/api/outbox/listenbrainz/backfill", "POST", {})).status).toBe(400);
    expect((await client.json("/api/outbox/listenbrainz", "DELETE")).status).toBe(200);
    expect(await (await client.fetch("/api/outbox")).json()).toMatchObject({ targets: [] });
    expect((await new TestClient().fetch("/api/outbox")).status).toBe(401);
  });

  it("Last.fm: connect redirects to the auth page with our callback; a callback without its state is refused", async () => {
    const { client } = await signedIn();
    const res = await client.fetch("/lastfm/connect");
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location") ?? "");
    expect(to.pathname).toBe("/api/auth");
    expect(to.searchParams.get("api_key")).toBeTruthy();
    expect(to.searchParams.get("cb")).toMatch(/\/lastfm\/callback\?state=/);
    const forged = await client.fetch("/lastfm/callback?state=forged&token=abc");
    expect(forged.headers.get("location")).toMatch(/\/settings\?lastfm=state$/);
  });
});
