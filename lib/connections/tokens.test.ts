import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { createDb, getDb } from "@/db/client";
import { decrypt } from "@/lib/crypto";
import { isProviderError } from "@/lib/providers/errors";
import { SpotifyClient } from "@/lib/providers/spotify/client";
import { fakeControls } from "@/test/fakes/remote";
import { createTestUser, uniqueName } from "@/test/helpers/factories";
import { connectSpotifyDirect } from "@/test/helpers/spotify-connect";
import { getConnection } from "./store";
import { getAccessToken, refreshLocked, tokenSource } from "./tokens";

const fakes = fakeControls();

async function setup() {
  const user = await createTestUser();
  const spotifyUser = uniqueName("sp");
  const conn = await connectSpotifyDirect(getDb(), user.id, spotifyUser);
  return { user, spotifyUser, conn };
}

async function reload(userId: number) {
  const c = await getConnection(getDb(), userId, "spotify");
  if (!c) throw new Error("connection gone");
  return c;
}

async function expireInDb(id: number) {
  await getDb().execute(
    sql`update connections set expires_at = now() + interval '1 minute' where id = ${id}`,
  );
}

describe("Spotify tokens", () => {
  it("stores tokens encrypted, never in plaintext", async () => {
    const { conn, spotifyUser } = await setup();
    const [raw] = (await getDb().execute(
      sql`select access_token_enc, refresh_token_enc, scopes, external_name from connections where id = ${conn.id}`,
    )) as unknown as {
      access_token_enc: string;
      refresh_token_enc: string;
      scopes: string;
      external_name: string;
    }[];
    const access = decrypt(raw?.access_token_enc ?? "");
    expect(raw?.access_token_enc).not.toContain(access);
    expect(raw?.access_token_enc.startsWith("v1.")).toBe(true);
    expect(raw?.refresh_token_enc).not.toContain(decrypt(raw?.refresh_token_enc ?? ""));
    expect(await fakes.spotify.userOfToken(access)).toBe(spotifyUser);
    expect(raw?.scopes).toContain("user-read-recently-played");
    expect(raw?.external_name).toBe(spotifyUser);
  });

  it("refreshes 5 minutes before expiry, keeping the old refresh token when none is returned", async () => {
    const { conn, spotifyUser } = await setup();
    await fakes.spotify.setRefreshMode(spotifyUser, "omit");
    await expireInDb(conn.id);
    const stale = await reload(conn.userId);
    const token = await getAccessToken(getDb(), stale);
    expect(token).not.toBe(decrypt(conn.accessTokenEnc));
    const after = await reload(conn.userId);
    expect(decrypt(after.refreshTokenEnc ?? "")).toBe(decrypt(conn.refreshTokenEnc ?? ""));
    expect(after.expiresAt?.getTime() ?? 0).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it("refreshes once for many concurrent callers, across separate database pools", async () => {
    const { conn, spotifyUser } = await setup();
    await expireInDb(conn.id);
    const since = Date.now();
    const pools = [createDb(inject("databaseUrl"), { max: 2 }), createDb(inject("databaseUrl"), { max: 2 })];
    const tokens = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => refreshLocked(pools[i % 2] ?? getDb(), conn.id, undefined)),
    );
    await Promise.all(pools.map((p) => p.$client.end()));
    expect(new Set(tokens).size).toBe(1);
    const refreshes = await fakes.spotify.requests({ path: "/api/token", since });
    expect(refreshes.filter((r) => r.body.includes("refresh_token"))).toHaveLength(1);
    expect(await fakes.spotify.userOfToken(tokens[0] ?? "")).toBe(spotifyUser);
  });

  it("marks the connection needs_reauth when the refresh token is revoked", async () => {
    const { conn, spotifyUser } = await setup();
    await fakes.spotify.revokeRefreshTokens(spotifyUser);
    await expireInDb(conn.id);
    const stale = await reload(conn.userId);
    const err = await getAccessToken(getDb(), stale).catch((e: unknown) => e);
    expect(isProviderError(err, "auth")).toBe(true);
    expect((await getConnection(getDb(), conn.userId, "spotify"))?.status).toBe("needs_reauth");
  });

  it("marks needs_reauth after the 6-month refresh-token lifetime", async () => {
    const { conn, spotifyUser } = await setup();
    await fakes.spotify.ageRefreshTokens(spotifyUser, 190 * 24 * 3600_000);
    await expireInDb(conn.id);
    const stale = await reload(conn.userId);
    await expect(getAccessToken(getDb(), stale)).rejects.toMatchObject({ kind: "auth" });
    expect((await getConnection(getDb(), conn.userId, "spotify"))?.status).toBe("needs_reauth");
  });

  it("refreshes once and retries once when a call gets 401 mid-playback (rotating refresh tokens)", async () => {
    const { conn, spotifyUser } = await setup();
    await fakes.spotify.setPlayer(spotifyUser, { trackId: "1TrkAAAAAAAAAAAAAAAAA1", progressMs: 60_000 });
    await fakes.spotify.expireAccessTokens(spotifyUser);
    const client = new SpotifyClient(tokenSource(getDb(), conn));
    const s = await client.player();
    expect(s).toMatchObject({ kind: "track", isPlaying: true, track: { title: "Example Song" } });
    const after = await reload(conn.userId);
    expect(decrypt(after.refreshTokenEnc ?? "")).not.toBe(decrypt(conn.refreshTokenEnc ?? ""));
  });
});
