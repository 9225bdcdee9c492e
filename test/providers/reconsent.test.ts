import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { connections } from "@/db/schema";
import { signedIn, spotifyFlow } from "./helpers";

const DAY = 24 * 3600_000;
const WARNING = 'data-testid="reconsent-spotify"';

describe("Spotify's 6-month re-consent", () => {
  it("Settings and now playing warn a few days ahead; reconnecting renews the consent", async () => {
    const { client, user } = await signedIn();
    const { spotifyUser } = await spotifyFlow(client);
    const settings = async () => (await client.fetch("/settings")).text();
    expect(await settings()).not.toContain(WARNING);

    // Consent given 175 days ago: its refresh token dies at 182 days, in a week.
    const consentAt = new Date(Date.now() - 175 * DAY);
    await getDb()
      .update(connections)
      .set({ consentAt })
      .where(and(eq(connections.userId, user.id), eq(connections.provider, "spotify")));
    const html = await settings();
    expect(html).toContain(WARNING);
    expect(html).toContain("Access ends in 7 days");
    expect(html).toContain('href="/spotify/connect"');
    const np = await (await client.fetch("/api/now-playing?source=spotify")).json();
    expect(np.connection.consent_expires_at).toBe(new Date(consentAt.getTime() + 182 * DAY).toISOString());

    await spotifyFlow(client, spotifyUser);
    expect(await settings()).not.toContain(WARNING);
  });
});
