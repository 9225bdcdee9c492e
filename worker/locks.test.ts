import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { redisLocker } from "./locks";

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
afterAll(() => redis.quit());

describe("redisLocker", () => {
  it("one holder per key, across lockers (workers), also when taken at the same moment", async () => {
    const prefix = `mt-test-locks-${randomBytes(4).toString("hex")}`;
    const a = redisLocker(redis, prefix);
    const b = redisLocker(redis, prefix);
    const got = await Promise.all([
      a("poll:1", 5000),
      b("poll:1", 5000),
      a("poll:1", 5000),
      a("poll:2", 5000),
    ]);
    expect(got.filter((r, i) => i < 3 && r !== null)).toHaveLength(1);
    expect(got[3]).not.toBeNull();
    for (const r of got) await r?.();
    const again = await b("poll:1", 5000);
    expect(again).not.toBeNull();
    await again?.();
  });

  it("a release after the TTL expired leaves the next holder's lock alone", async () => {
    const prefix = `mt-test-locks-${randomBytes(4).toString("hex")}`;
    const lock = redisLocker(redis, prefix);
    const first = await lock("poll:1", 50);
    await new Promise((r) => setTimeout(r, 80));
    const second = await lock("poll:1", 5000);
    expect(second).not.toBeNull();
    await first?.();
    expect(await lock("poll:1", 5000)).toBeNull();
    await second?.();
    expect(await lock("poll:1", 5000)).not.toBeNull();
    await redis.del(`${prefix}:lock:poll:1`);
  });
});
