import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listens } from "@/db/schema";
import { LIMITS } from "@/lib/accounts/limits";
import { upsertTracks } from "@/lib/catalog/upsert";
import { linkAcrossSources } from "@/lib/listening/cross-source";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";

type User = Awaited<ReturnType<typeof createTestUser>> & { client: TestClient; token: string };

async function signedIn(): Promise<User> {
  const u = await createTestUser({ prefix: "lb" });
  const client = new TestClient();
  await client.signIn(u.username, u.password);
  const res = await client.json("/api/tokens", "POST", { name: "Navidrome" });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  return { ...u, client, token };
}

const api = (path: string, token: string | null, init: RequestInit = {}) =>
  new TestClient().fetch(path, {
    ...init,
    headers: { ...(token && { authorization: `Token ${token}` }), "content-type": "application/json" },
  });
const submit = (token: string | null, body: unknown) =>
  api("/1/submit-listens", token, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const now = () => Math.floor(Date.now() / 1000);
const listen = (at: number | undefined, title = "Vantablack", artist = "Dool") => ({
  ...(at !== undefined && { listened_at: at }),
  track_metadata: {
    artist_name: artist,
    track_name: title,
    release_name: "Here Now, There Then",
    additional_info: { submission_client: "Navidrome", duration_ms: 240_000 },
  },
});

const stored = (userId: number) =>
  getDb()
    .select({
      id: listens.id,
      duplicateOf: listens.duplicateOf,
      extra: listens.extra,
      source: listens.source,
    })
    .from(listens)
    .where(eq(listens.userId, userId));

let a: User;
let b: User;
beforeAll(async () => {
  [a, b] = await Promise.all([signedIn(), signedIn()]);
});

describe("/api/tokens", () => {
  it("lists a token's name and dates, never the token, and revoking it ends it", async () => {
    const created = (await (await a.client.json("/api/tokens", "POST", { name: "Phone" })).json()) as {
      id: number;
      token: string;
    };
    expect(created.token).toMatch(/^mt_[\w-]{40,}$/);
    const listed = await (await a.client.fetch("/api/tokens")).text();
    expect(listed).toContain('"name":"Phone"');
    expect(listed).not.toContain(created.token);
    expect(JSON.parse(listed).tokens[0]).toMatchObject({ created: expect.any(String), last_used: null });
    // Another user can neither see nor revoke it.
    expect(await (await b.client.fetch("/api/tokens")).text()).not.toContain('"Phone"');
    expect((await b.client.fetch(`/api/tokens/${created.id}`, { method: "DELETE" })).status).toBe(404);
    expect(await (await api("/1/validate-token", created.token)).json()).toMatchObject({ valid: true });
    const used = (await (await a.client.fetch("/api/tokens")).json()) as {
      tokens: { id: number; last_used: string | null }[];
    };
    expect(used.tokens.find((x) => x.id === created.id)?.last_used).toEqual(expect.any(String));
    expect((await a.client.fetch(`/api/tokens/${created.id}`, { method: "DELETE" })).status).toBe(200);
    expect(await (await api("/1/validate-token", created.token)).json()).toMatchObject({ valid: false });
    expect((await submit(created.token, { listen_type: "single", payload: [listen(now())] })).status).toBe(
      401,
    );
  });

  it("refuses anonymous and cross-origin calls, a blank name, and more than 20 tokens", async () => {
    expect((await new TestClient().fetch("/api/tokens")).status).toBe(401);
    const evil = await a.client.json(
      "/api/tokens",
      "POST",
      { name: "x" },
      { origin: "https://evil.example" },
    );
    expect(evil.status).toBe(403);
    expect((await a.client.json("/api/tokens", "POST", { name: "  " })).status).toBe(400);
    const c = await signedIn();
    for (let i = 1; i < 20; i++)
      expect((await c.client.json("/api/tokens", "POST", { name: `t${i}` })).status).toBe(201);
    expect((await c.client.json("/api/tokens", "POST", { name: "one too many" })).status).toBe(409);
  });
});

describe("GET /1/validate-token", () => {
  it("answers ListenBrainz's shapes", async () => {
    expect(await (await api("/1/validate-token", a.token)).json()).toEqual({
      code: 200,
      message: "Token valid.",
      valid: true,
      user_name: a.username,
    });
    const query = await new TestClient().fetch(`/1/validate-token?token=${a.token}`);
    expect(await query.json()).toMatchObject({ valid: true, user_name: a.username });
    expect(await (await api("/1/validate-token", "mt_nope")).json()).toEqual({
      code: 200,
      message: "Token invalid.",
      valid: false,
    });
    const none = await api("/1/validate-token", null);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: 400, error: expect.any(String) });
  });
});

describe("POST /1/submit-listens", () => {
  it.each([
    ["no token", null, { listen_type: "single", payload: [listen(1_700_000_000)] }, 401],
    ["a bad token", "mt_wrong", { listen_type: "single", payload: [listen(1_700_000_000)] }, 401],
    ["bad JSON", "A", "{not json", 400],
    ["no listen_type", "A", { payload: [listen(1_700_000_000)] }, 400],
    ["an unknown listen_type", "A", { listen_type: "many", payload: [listen(1_700_000_000)] }, 400],
    ["no payload list", "A", { listen_type: "import", payload: {} }, 400],
    [
      "two listens as single",
      "A",
      { listen_type: "single", payload: [listen(1_700_000_000), listen(1_700_000_300)] },
      400,
    ],
    ["no listened_at", "A", { listen_type: "single", payload: [listen(undefined)] }, 400],
    ["listened_at before 2002", "A", { listen_type: "single", payload: [listen(1_000_000_000)] }, 400],
    [
      "listened_at on playing_now",
      "A",
      { listen_type: "playing_now", payload: [listen(1_700_000_000)] },
      400,
    ],
    ["no track_metadata", "A", { listen_type: "single", payload: [{ listened_at: 1_700_000_000 }] }, 400],
    [
      "no artist_name",
      "A",
      {
        listen_type: "single",
        payload: [{ listened_at: 1_700_000_000, track_metadata: { track_name: "x" } }],
      },
      400,
    ],
    [
      "no track_name",
      "A",
      {
        listen_type: "single",
        payload: [{ listened_at: 1_700_000_000, track_metadata: { artist_name: "x" } }],
      },
      400,
    ],
    [
      "1,001 listens",
      "A",
      {
        listen_type: "import",
        payload: Array.from({ length: 1001 }, (_, i) => listen(1_600_000_000 + i * 300)),
      },
      400,
    ],
    [
      "a listen over 10,240 characters",
      "A",
      { listen_type: "single", payload: [listen(1_700_000_000, "x".repeat(10_300))] },
      400,
    ],
    [
      "a payload over 10,240,000 bytes",
      "A",
      `{"listen_type":"import","payload":[],"pad":"${"x".repeat(10_240_001)}"}`,
      400,
    ],
  ])("refuses %s in ListenBrainz's error shape", async (_, who, body, status) => {
    const res = await submit(who === "A" ? a.token : (who as string | null), body);
    expect(res.status).toBe(status);
    const answer = (await res.json()) as { code: number; error: string };
    expect(answer).toEqual({ code: status, error: expect.any(String) });
    expect(await stored(a.id)).toEqual([]);
  });

  it("stores single and import listens once, whatever a client re-submits", async () => {
    const t = now() - 3600;
    const one = await submit(a.token, { listen_type: "single", payload: [listen(t)] });
    expect(one.status).toBe(200);
    expect(Number(one.headers.get("x-ratelimit-remaining"))).toBeGreaterThan(0);
    expect(Number(one.headers.get("x-ratelimit-reset-in"))).toBeGreaterThan(0);
    expect(await one.json()).toEqual({ status: "ok" });
    expect(await submit(a.token, { listen_type: "single", payload: [listen(t)] }).then((r) => r.status)).toBe(
      200,
    );
    const batch = [listen(t), listen(t - 300, "Oweynagat"), listen(t - 600, "Words on Your Lips")];
    expect((await submit(a.token, { listen_type: "import", payload: batch })).status).toBe(200);
    expect((await submit(a.token, { listen_type: "import", payload: batch })).status).toBe(200);
    const rows = await stored(a.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.extra?.fmt === "listenbrainz-api" && r.extra?.client === "Navidrome")).toBe(
      true,
    );

    const read = await api(`/1/user/${a.username}/listens?count=2`, a.token);
    expect(read.status).toBe(200);
    const page = (await read.json()) as {
      payload: {
        count: number;
        user_id: string;
        listens: { listened_at: number; track_metadata: { track_name: string; artist_name: string } }[];
      };
    };
    expect(page.payload).toMatchObject({ count: 2, user_id: a.username });
    expect(page.payload.listens.map((l) => l.listened_at)).toEqual([t, t - 300]);
    expect(page.payload.listens[0]?.track_metadata).toMatchObject({
      track_name: "Vantablack",
      artist_name: "Dool",
    });
    const older = await (
      await api(`/1/user/${a.username.toUpperCase()}/listens?max_ts=${t - 300}`, a.token)
    ).json();
    expect(older.payload.listens.map((l: { listened_at: number }) => l.listened_at)).toEqual([t - 600]);
    const newer = await (
      await api(`/1/user/${a.username}/listens?min_ts=${t - 600}&count=1`, a.token)
    ).json();
    expect(newer.payload.listens.map((l: { listened_at: number }) => l.listened_at)).toEqual([t - 300]);
    expect((await api(`/1/user/${a.username}/listens?min_ts=1&max_ts=2`, a.token)).status).toBe(400);
  });

  it("accepts an import of exactly 1,000 listens, and stores each once", async () => {
    const c = await signedIn();
    const t = now() - 400 * 86400;
    const payload = Array.from({ length: 1000 }, (_, i) =>
      listen(t + i * 300, `Song ${i % 250}`, `Artist ${i % 40}`),
    );
    expect((await submit(c.token, { listen_type: "import", payload })).status).toBe(200);
    expect((await submit(c.token, { listen_type: "import", payload })).status).toBe(200);
    expect(await stored(c.id)).toHaveLength(1000);
  });

  it("keeps one listen when Spotify live already has the same song at the same time", async () => {
    const c = await signedIn();
    const start = now() - 7200;
    const [trackId] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: "6rqhFgbbKwnb9MLmUQDhG6",
        title: "Vantablack",
        artists: [{ name: "Dool" }],
        durationMs: 240_000,
      },
    ]);
    const [live] = await getDb()
      .insert(listens)
      .values({
        userId: c.id,
        trackId: trackId as number,
        source: "spotify",
        origin: "live",
        startedAt: new Date(start * 1000),
        endedAt: new Date(start * 1000 + 240_000),
        msPlayed: 240_000,
        dedupKey: `test-live:${start}`,
      })
      .returning({ id: listens.id });
    expect((await submit(c.token, { listen_type: "single", payload: [listen(start + 4)] })).status).toBe(200);
    const mine = await getDb()
      .select({ duplicateOf: listens.duplicateOf })
      .from(listens)
      .where(and(eq(listens.userId, c.id), eq(listens.source, "listenbrainz-api")));
    expect(mine).toEqual([{ duplicateOf: live?.id }]);
    const page = await (await api(`/1/user/${c.username}/listens`, c.token)).json();
    expect(page.payload.count).toBe(1);
  });

  it("keeps one listen when the Spotify live listen is written after the player's scrobble", async () => {
    const c = await signedIn();
    const start = now() - 9000;
    expect((await submit(c.token, { listen_type: "single", payload: [listen(start)] })).status).toBe(200);
    const [trackId] = await upsertTracks(getDb(), [
      {
        provider: "spotify",
        externalId: "6rqhFgbbKwnb9MLmUQDhG7",
        title: "Vantablack",
        artists: [{ name: "Dool" }],
        durationMs: 240_000,
      },
    ]);
    // What the live writer does for every listen it inserts (lib/listening/write.ts).
    const liveId = await getDb().transaction(async (tx) => {
      const [row] = await tx
        .insert(listens)
        .values({
          userId: c.id,
          trackId: trackId as number,
          source: "spotify",
          origin: "live",
          startedAt: new Date(start * 1000 + 2000),
          endedAt: new Date(start * 1000 + 242_000),
          msPlayed: 240_000,
          dedupKey: `test-live:${start}`,
        })
        .returning({ id: listens.id });
      await linkAcrossSources(tx, c.id, [row?.id as number]);
      return row?.id;
    });
    const mine = await getDb()
      .select({ duplicateOf: listens.duplicateOf })
      .from(listens)
      .where(and(eq(listens.userId, c.id), eq(listens.source, "listenbrainz-api")));
    expect(mine).toEqual([{ duplicateOf: liveId }]);
  });

  it("shows playing_now on /1/…/playing-now and the dashboard's /api/now-playing, stores no listen", async () => {
    const c = await signedIn();
    expect(
      (
        await submit(c.token, {
          listen_type: "playing_now",
          payload: [listen(undefined, "Sulphur & Starlight")],
        })
      ).status,
    ).toBe(200);
    const res = await (await api(`/1/user/${c.username}/playing-now`, c.token)).json();
    expect(res.payload).toMatchObject({ count: 1, playing_now: true, user_id: c.username });
    expect(res.payload.listens[0].track_metadata.track_name).toBe("Sulphur & Starlight");
    const np = await (await c.client.fetch("/api/now-playing")).json();
    expect(np).toMatchObject({
      status: "ok",
      via: "listenbrainz-api",
      track: { title: "Sulphur & Starlight", artist: "Dool" },
    });
    const player = await (await c.client.fetch("/api/now-playing?source=player")).json();
    expect(player).toMatchObject({
      status: "ok",
      player: "Navidrome",
      track: { title: "Sulphur & Starlight" },
    });
    const idle = await (await b.client.fetch("/api/now-playing?source=player")).json();
    expect(idle).toMatchObject({ status: "empty", source: null });
    expect(await stored(c.id)).toEqual([]);
  });

  it("never lets one user's token read or write another's listens", async () => {
    for (const path of [`/1/user/${a.username}/listens`, `/1/user/${a.username}/playing-now`]) {
      const res = await api(path, b.token);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 403 });
      expect((await api(path, null)).status).toBe(401);
    }
    // Unknown users answer like other users: a token cannot probe which accounts exist.
    expect((await api("/1/user/nobody_here_at_all/listens", b.token)).status).toBe(403);
    const before = (await stored(a.id)).length;
    expect((await submit(b.token, { listen_type: "single", payload: [listen(now() - 99)] })).status).toBe(
      200,
    );
    expect(await stored(a.id)).toHaveLength(before);
    expect(await stored(b.id)).toHaveLength(1);
  });

  it("rate-limits a token's user with 429 and ListenBrainz's reset header", async () => {
    const c = await signedIn();
    let last: Response | undefined;
    // The app inherits this process's RATE_LIMIT_SCALE, which multiplies every limit.
    const cap = LIMITS.listenbrainz.points * Number(process.env.RATE_LIMIT_SCALE ?? 1) + 10;
    for (let i = 0; i < cap; i++) {
      last = await api(`/1/user/${c.username}/playing-now`, c.token);
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get("x-ratelimit-reset-in"))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ code: 429 });
  });
});
