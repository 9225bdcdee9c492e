import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { memoryPause, redisPause } from "./pause";

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

describe("shared 429 pause", () => {
  for (const [name, make] of [
    ["memory", () => memoryPause()],
    ["redis", () => redisPause(redis, `mt-test-prov:${randomBytes(4).toString("hex")}:pause-until`)],
  ] as const) {
    it(`${name}: extends but never shortens the deadline, and expires`, async () => {
      const p = make();
      expect(await p.until()).toBe(0);
      const far = Date.now() + 60_000;
      await p.pauseUntil(far);
      await p.pauseUntil(Date.now() + 1000);
      expect(await p.until()).toBe(far);
      const q = make();
      await q.pauseUntil(Date.now() + 50);
      await new Promise((r) => setTimeout(r, 80));
      expect(await q.until()).toBe(0);
    });
  }

  it("is shared between processes through Redis", async () => {
    const key = `mt-test-prov:${randomBytes(4).toString("hex")}:pause-until`;
    const other = new Redis("redis://127.0.0.1:6379");
    const until = Date.now() + 5000;
    await redisPause(redis, key).pauseUntil(until);
    expect(await redisPause(other, key).until()).toBe(until);
    await other.quit();
  });
});
