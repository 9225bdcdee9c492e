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

  it("a pause made by another process takes effect here within the cache window", async () => {
    const key = `mt-test-prov:${randomBytes(4).toString("hex")}:pause-until`;
    const other = new Redis("redis://127.0.0.1:6379");
    const here = redisPause(redis, key, { cacheMs: 200 });
    expect(await here.until()).toBe(0); // read and cached: no pause
    const until = Date.now() + 5000;
    await redisPause(other, key).pauseUntil(until);
    const start = Date.now();
    while ((await here.until()) === 0) await new Promise((r) => setTimeout(r, 10));
    // The 200 ms window plus room for a busy machine's event loop; a cache that never expires loops forever.
    expect(Date.now() - start).toBeLessThanOrEqual(1000);
    expect(await here.until()).toBe(until);
    await other.quit();
  });

  it("a cached read costs no Redis round trip, and a pause made here applies at once", async () => {
    const key = `mt-test-prov:${randomBytes(4).toString("hex")}:pause-until`;
    const here = redisPause(redis, key, { cacheMs: 60_000 });
    const get = redis.get.bind(redis);
    let gets = 0;
    redis.get = ((k: string) => {
      gets++;
      return get(k);
    }) as typeof redis.get;
    try {
      await Promise.all([here.until(), here.until(), here.until()]);
      await here.until();
      expect(gets).toBe(1);
      const until = Date.now() + 5000;
      await here.pauseUntil(until);
      expect(await here.until()).toBe(until);
    } finally {
      redis.get = get;
    }
  });
});
