import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { TestClient } from "@/test/helpers/client";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { randomAddress } from "@/test/security/helpers";
import { addListen, makeTrack } from "@/test/stats/world";

type Link = { id: number; displayName: string; sections: Record<string, unknown>; views: number };

let owner: TestClient;
let other: TestClient;
let username: string;
let artist: string;

async function signedIn() {
  const u = await createTestUser({ prefix: "share" });
  const client = new TestClient();
  await client.signIn(u.username, u.password);
  return { ...u, client };
}

beforeAll(async () => {
  const db = getDb();
  const [a, b] = await Promise.all([signedIn(), signedIn()]);
  owner = a.client;
  other = b.client;
  username = a.username;
  const track = await makeTrack(db);
  artist = uniqueName("band");
  const named = await makeTrack(db, { artists: [artist] });
  for (let i = 0; i < 3; i++)
    await addListen(db, { userId: a.id, trackId: named.trackId, at: new Date(Date.UTC(2025, 4, 1, 12, i)) });
  await addListen(db, { userId: a.id, trackId: track.trackId, at: new Date(Date.UTC(2025, 5, 1, 12)) });
});

const create = (client: TestClient, body: unknown) => client.json("/api/share-links", "POST", body);
const list = async (client: TestClient) =>
  ((await (await client.fetch("/api/share-links")).json()) as { links: Link[] }).links;

describe("/api/share-links", () => {
  it("creates a link whose token is shown once, lists it without the token, and revokes it", async () => {
    const res = await create(owner, {
      displayName: "Anna",
      sections: { profile: true, top: "all", recap: 2025 },
    });
    expect(res.status).toBe(201);
    const { id, token } = (await res.json()) as { id: number; token: string };
    expect(token).toMatch(/^[\w-]{40,}$/);

    const text = await (await owner.fetch("/api/share-links")).text();
    expect(text).not.toContain(token);
    expect(JSON.parse(text).links[0]).toMatchObject({
      id,
      displayName: "Anna",
      sections: { profile: true, top: "all", recap: 2025 },
      views: 0,
    });

    // The public page works signed out, shows the sections, and never the username.
    const page = await new TestClient().fetch(`/s/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Anna");
    expect(html).toContain(artist);
    expect(html).toContain('data-testid="share-profile"');
    expect(html).toContain('data-testid="share-recap"');
    expect(html).toMatch(/<meta property="og:image" content="[^"]*\/s\/[\w-]+\/og\?lang=en"/);
    expect(html).not.toContain(username);
    expect((await list(owner)).find((l) => l.id === id)?.views).toBe(1);

    const og = await new TestClient().fetch(`/s/${token}/og`);
    expect(og.status).toBe(200);
    expect(og.headers.get("content-type")).toBe("image/png");
    // Drawn in the language the address names (the page's), whatever the crawler sends.
    const png = async (lang: string) =>
      Buffer.from(await (await new TestClient().fetch(`/s/${token}/og?lang=${lang}`)).arrayBuffer());
    expect((await png("ru")).equals(await png("en"))).toBe(false);

    // Another user's revoke is a 404 and changes nothing.
    expect((await other.fetch(`/api/share-links/${id}`, { method: "DELETE" })).status).toBe(404);
    expect((await new TestClient().fetch(`/s/${token}`)).status).toBe(200);

    expect((await owner.fetch(`/api/share-links/${id}`, { method: "DELETE" })).status).toBe(200);
    expect((await list(owner)).some((l) => l.id === id)).toBe(false);
    const gone = await new TestClient().fetch(`/s/${token}`);
    const unknown = await new TestClient().fetch("/s/not-a-real-token");
    expect(gone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await gone.text()).not.toContain(artist);
    expect((await new TestClient().fetch(`/s/${token}/og`)).status).toBe(404);
    // Revoking twice is a 404 too.
    expect((await owner.fetch(`/api/share-links/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("shows only the chosen sections", async () => {
    const res = await create(owner, { sections: { top: "30d" } });
    const { token } = (await res.json()) as { token: string };
    const html = await (await new TestClient().fetch(`/s/${token}`)).text();
    expect(html).toContain('data-testid="share-top"');
    expect(html).not.toContain('data-testid="share-profile"');
    expect(html).not.toContain('data-testid="share-recap"');
  });

  it("refuses a bad body with 400 naming the field, and no session with 401", async () => {
    const bad = async (body: unknown) => {
      const res = await create(owner, body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { field?: string }).field;
    };
    expect(await bad({ sections: {} })).toBe("sections");
    expect(await bad({ sections: { top: "forever" } })).toBe("sections.top");
    expect(await bad({ sections: { recap: 1800 } })).toBe("sections.recap");
    expect(await bad({ displayName: "x".repeat(61), sections: { profile: true } })).toBe("displayName");
    expect(await bad({ sections: { profile: true, history: true } })).toBe("sections");
    const anon = new TestClient();
    expect((await anon.json("/api/share-links", "POST", { sections: { profile: true } })).status).toBe(401);
    expect((await anon.fetch("/api/share-links")).status).toBe(401);
  });

  it("opens only /s/… to strangers: everything else still asks for a session", async () => {
    const anon = new TestClient();
    for (const path of ["/s", "/sx/abc", "/settings", "/recap/2025"])
      expect((await anon.fetch(path)).headers.get("location") ?? "").toContain("/login");
    expect((await anon.fetch("/s/unknown/og")).status).toBe(404);
  });

  it("an address that keeps opening unknown tokens gets 404 for every token for a while", async () => {
    const { token } = (await (await create(owner, { sections: { profile: true } })).json()) as {
      token: string;
    };
    const prober = randomAddress();
    const open = async (t: string, address: string) =>
      (await new TestClient().fetch(`/s/${t}`, { headers: { "x-forwarded-for": address } })).status;
    expect(await open(token, prober)).toBe(200);
    for (let i = 0; i < 30; i++) expect(await open(`guess${i}`, prober)).toBe(404);
    expect(await open(token, prober)).toBe(404);
    expect(await open(token, randomAddress())).toBe(200);
  });

  it("caps active links at 20 with a clear 400", async () => {
    const u = await signedIn();
    for (let i = 0; i < 20; i++)
      expect((await create(u.client, { sections: { profile: true } })).status).toBe(201);
    const over = await create(u.client, { sections: { profile: true } });
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ code: "limit", message: expect.stringMatching(/20/) });
    const first = (await list(u.client))[0];
    await u.client.fetch(`/api/share-links/${first?.id}`, { method: "DELETE" });
    expect((await create(u.client, { sections: { profile: true } })).status).toBe(201);
  });
});
