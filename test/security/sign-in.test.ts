import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/accounts/limits";
import { clientAddressOf, compileTrust } from "@/lib/net/client-address";
import { TestClient } from "@/test/helpers/client";
import { createTestUser } from "@/test/helpers/factories";
import { attemptSignIn, randomAddress, WRONG } from "./helpers";

const PER_PAIR = LIMITS.signInUserAddress.points;

describe("issue 16 · high: sign-in throttling", () => {
  it("JSON credentials are counted like form credentials (the JSON bypass)", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    const address = randomAddress();
    for (let i = 0; i < 30; i++) {
      const res = await attemptSignIn(c, user.username, WRONG, { address, as: i % 2 ? "json" : "form" });
      expect(res.status).toBe(i < PER_PAIR ? 401 : 429);
    }
    const right = await attemptSignIn(c, user.username, user.password, { address, as: "json" });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(right.headers.get("content-type")).toMatch(/json/);
  });

  it("the client address is not the first X-Forwarded-For entry, which anyone can write", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    const real = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i < PER_PAIR + 2; i++) {
      // A fresh forged first entry every time; the proxy appended the real address last.
      const res = await attemptSignIn(c, user.username, WRONG, { address: `${randomAddress()}, ${real}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(PER_PAIR)).toEqual([429, 429]);
  });

  it("without TRUST_PROXY the socket address counts and X-Forwarded-For is ignored", () => {
    const req = (socket: string, xff?: string) =>
      ({
        socket: { remoteAddress: socket },
        connection: { remoteAddress: socket },
        headers: xff ? { "x-forwarded-for": xff } : {},
      }) as unknown as IncomingMessage;
    expect(clientAddressOf(req("203.0.113.5", "1.2.3.4"), compileTrust(undefined))).toBe("203.0.113.5");
    expect(clientAddressOf(req("::ffff:127.0.0.1", "1.2.3.4, 5.6.7.8"), compileTrust("loopback"))).toBe(
      "5.6.7.8",
    );
    expect(clientAddressOf(req("127.0.0.1", "1.2.3.4, 5.6.7.8"), compileTrust("2"))).toBe("1.2.3.4");
    expect(clientAddressOf(req("127.0.0.1", "1.2.3.4, 5.6.7.8"), compileTrust("1"))).toBe("5.6.7.8");
    expect(() => compileTrust("not an address")).toThrow();
  });

  it("parallel guesses cannot race the count (consume before verify)", async () => {
    const user = await createTestUser();
    const address = randomAddress();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => attemptSignIn(new TestClient(), user.username, WRONG, { address })),
    );
    const checked = results.filter((r) => r.status === 401).length;
    expect(checked).toBe(PER_PAIR);
    expect(results.filter((r) => r.status === 429)).toHaveLength(20 - PER_PAIR);
  });

  it("one address's failures do not lock other people out of their accounts", async () => {
    // Everyone behind one address (no proxy configured): an attacker sprays wrong passwords over many names.
    const shared = randomAddress();
    const attacker = new TestClient();
    for (let i = 0; i < LIMITS.signInAddress.points; i++)
      await attemptSignIn(attacker, `nobody_${i}_${shared}`, WRONG, { address: shared });
    expect((await attemptSignIn(attacker, "nobody_x", WRONG, { address: shared })).status).toBe(429);

    // Someone who signed in from this browser before is not affected (device cookie)…
    const owner = await createTestUser();
    const browser = new TestClient();
    expect(
      (await attemptSignIn(browser, owner.username, owner.password, { address: randomAddress() })).status,
    ).toBe(200);
    await browser.fetch("/api/auth/signout", { method: "POST" });
    expect((await attemptSignIn(browser, owner.username, owner.password, { address: shared })).status).toBe(
      200,
    );
    // …a new browser on that address waits for the window, and any other address is untouched.
    expect(
      (await attemptSignIn(new TestClient(), owner.username, owner.password, { address: shared })).status,
    ).toBe(429);
    expect(
      (await attemptSignIn(new TestClient(), owner.username, owner.password, { address: randomAddress() }))
        .status,
    ).toBe(200);
  });

  it("guessing one account from many addresses is capped, and its owner's known browser still gets in", async () => {
    const owner = await createTestUser();
    const browser = new TestClient();
    expect(
      (await attemptSignIn(browser, owner.username, owner.password, { address: randomAddress() })).status,
    ).toBe(200);
    for (let i = 0; i < LIMITS.signInUser.points; i++)
      await attemptSignIn(new TestClient(), owner.username, WRONG, { address: randomAddress() });
    expect(
      (await attemptSignIn(new TestClient(), owner.username, owner.password, { address: randomAddress() }))
        .status,
    ).toBe(429);
    expect(
      (await attemptSignIn(browser, owner.username, owner.password, { address: randomAddress() })).status,
    ).toBe(200);
  });

  it("a correct password clears the run of failures from that address", async () => {
    const user = await createTestUser();
    const c = new TestClient();
    const address = randomAddress();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < PER_PAIR - 1; i++)
        expect((await attemptSignIn(c, user.username, WRONG, { address })).status).toBe(401);
      expect((await attemptSignIn(new TestClient(), user.username, user.password, { address })).status).toBe(
        200,
      );
    }
  });

  it("registration is rate limited per address, and refused before any hashing when closed", async () => {
    const address = randomAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.register.points; i++) {
      const res = await new TestClient().json(
        "/api/register",
        "POST",
        { username: `reg_${i}_${Date.now().toString(36)}`, password: "Lively-Tune-2024" },
        { "x-forwarded-for": address },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
