import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { decrypt } from "@/lib/crypto";
import { fakeControls } from "@/test/fakes/remote";
import { TestClient } from "@/test/helpers/client";
import { uniqueName } from "@/test/helpers/factories";
import { signedIn, spotifyFlow } from "./helpers";

const fakes = fakeControls();

async function rawConnection(userId: number) {
  const rows = (await getDb().execute(
    sql`select access_token_enc, refresh_token_enc, status, scopes from connections where user_id = ${userId} and provider = 'spotify'`,
  )) as unknown as { access_token_enc: string; refresh_token_enc: string; status: string; scopes: string }[];
  return rows[0];
}

describe("Spotify OAuth flow over HTTP", () => {
  it("sends the user to Spotify with PKCE (S256), a state and only the needed scopes", async () => {
    const { client } = await signedIn();
    const res = await client.fetch("/spotify/connect");
    const url = new URL(res.headers.get("location") ?? "");
    expect(url.pathname).toBe("/authorize");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")?.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get("redirect_uri")).toBe(`${client.baseUrl}/spotify/callback`);
    expect(url.searchParams.get("scope")?.split(" ").sort()).toEqual([
      "user-library-read",
      "user-read-currently-playing",
      "user-read-playback-state",
      "user-read-recently-played",
    ]);
  });

  it("connects, stores tokens encrypted (raw column), and lists the service without secrets", async () => {
    const { client, user } = await signedIn();
    const flow = await spotifyFlow(client);
    expect(flow.location).toMatch(/\/dashboard\?connected=spotify$/);
    const raw = await rawConnection(user.id);
    const access = decrypt(raw?.access_token_enc ?? "");
    expect(raw?.access_token_enc).not.toContain(access);
    expect(raw?.refresh_token_enc).not.toContain(decrypt(raw?.refresh_token_enc ?? ""));
    expect(await fakes.spotify.userOfToken(access)).toBe(flow.spotifyUser);
    const services = await (await client.fetch("/api/user/services")).json();
    expect(services).toMatchObject({
      services: ["spotify"],
      default: "spotify",
      connections: [{ provider: "spotify", status: "active", account_name: flow.spotifyUser }],
    });
    expect(JSON.stringify(services)).not.toContain(access);
  });

  it("rejects a reused state", async () => {
    const { client, user } = await signedIn();
    const flow = await spotifyFlow(client);
    expect(flow.location).toContain("/dashboard");
    const again = await client.fetch(flow.callback.pathname + flow.callback.search);
    expect(again.headers.get("location")).toMatch(/\/settings\?spotify=state$/);
    expect((await rawConnection(user.id))?.status).toBe("active");
  });

  it("rejects a tampered, missing or foreign state and stores nothing", async () => {
    const victim = await signedIn();
    const attacker = await signedIn();
    // The attacker's own consent, replayed into the victim's browser (login CSRF).
    const start = await attacker.client.fetch("/spotify/connect");
    const authorize = new URL(start.headers.get("location") ?? "");
    authorize.searchParams.set("fake_user", uniqueName("evil"));
    const consent = await fetch(authorize, { redirect: "manual" });
    const cb = new URL(consent.headers.get("location") ?? "");
    const foreign = await victim.client.fetch(cb.pathname + cb.search);
    expect(foreign.headers.get("location")).toMatch(/\/settings\?spotify=state$/);
    const tampered = new URLSearchParams(cb.search);
    tampered.set("state", "x".repeat(32));
    expect((await victim.client.fetch(`/spotify/callback?${tampered}`)).headers.get("location")).toMatch(
      /spotify=state$/,
    );
    tampered.delete("state");
    expect((await victim.client.fetch(`/spotify/callback?${tampered}`)).headers.get("location")).toMatch(
      /spotify=state$/,
    );
    expect(await rawConnection(victim.user.id)).toBeUndefined();
  });

  it("handles access_denied with a friendly redirect", async () => {
    const { client, user } = await signedIn();
    const flow = await spotifyFlow(client, undefined, { deny: true });
    expect(flow.callback.searchParams.get("error")).toBe("access_denied");
    expect(flow.location).toMatch(/\/settings\?spotify=denied$/);
    expect(await rawConnection(user.id)).toBeUndefined();
  });

  it("explains a user missing from the app's allow-list instead of failing", async () => {
    const { client, user } = await signedIn();
    const sp = uniqueName("sp");
    await fakes.spotify.addUser({ id: sp, allowListed: false });
    const flow = await spotifyFlow(client, sp);
    expect(flow.location).toMatch(/\/settings\?spotify=not_allowed$/);
    expect(await rawConnection(user.id)).toBeUndefined();
  });

  it("sends anonymous visitors to the login page", async () => {
    const res = await new TestClient().fetch("/spotify/connect");
    expect(res.headers.get("location")).toContain("/login?next=%2Fspotify%2Fconnect");
  });

  it("shows the notice on the settings page", async () => {
    const { client } = await signedIn();
    const html = await (await client.fetch("/settings?spotify=denied")).text();
    expect(html).toContain("connection-spotify");
  });
});
